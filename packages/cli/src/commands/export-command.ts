// `synctrack export <run> --out FILE`: the matching records as CSV, JSON Lines or Parquet (by the file's
// extension), streamed to a temporary file that is renamed into place only when complete.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { SyncRecord } from '@synctrack/core';
import type { CliContext } from '../cli-context.js';
import { AtomicOutputFile, outputExistsError, pathExists } from '../export/atomic-output-file.js';
import { exportFormatFor, type ExportFormat } from '../export/export-format.js';
import { writeCsv, writeJsonLines, type RecordFileWriter } from '../export/record-file-writers.js';
import { formatBytes, formatCount } from '../output/human-format.js';
import { fieldsToRead, lineFieldsOf } from '../output/record-fields.js';
import { addColumnsOption, type ColumnsFlags } from '../options/columns-option.js';
import { jsonLine } from '../output/json-format.js';
import { addRecordQueryOptions, toRecordQuery, type RecordQueryFlags } from '../options/record-query-options.js';
import { addRunArgument } from '../options/run-options.js';
import type { RunSelection } from '../location/run-target.js';
import { EXAMPLE_RUN, examples } from './help-text.js';

interface ExportFlags extends RunSelection, RecordQueryFlags, ColumnsFlags {
  out: string;
  force?: boolean;
}

/** The Parquet writer (apache-arrow, parquet-wasm) is loaded only for a Parquet export. */
const WRITERS: Record<Exclude<ExportFormat, 'jsonl'>, () => Promise<RecordFileWriter>> = {
  csv: async () => writeCsv,
  parquet: async () => (await import('../export/parquet-file-writer.js')).writeParquet,
};

async function* counted(records: AsyncIterable<SyncRecord>, onRecord: () => void): AsyncGenerator<SyncRecord> {
  for await (const record of records) {
    onRecord();
    yield record;
  }
}

export function registerExportCommand(program: Command, context: CliContext): void {
  addColumnsOption(addRecordQueryOptions(addRunArgument(program.command('export').description('Write a run’s records to a CSV, JSON Lines or Parquet file'))))
    .requiredOption('--out <file>', 'output file: .csv, .jsonl (or .ndjson) or .parquet')
    .option('--force', 'overwrite the output file if it exists')
    .addHelpText(
      'after',
      examples([
        [`synctrack export ${EXAMPLE_RUN} --status rejected --out rejected.csv`, 'the rejected records as CSV'],
        [`synctrack export ${EXAMPLE_RUN} --out run.parquet`, 'the whole run as one Parquet file'],
        [`synctrack export ${EXAMPLE_RUN} --status rejected --columns identifier,statusMessage --out rejected-messages.csv`, 'only identifiers and messages'],
        [`synctrack export ${EXAMPLE_RUN} --status invalid --out invalid.jsonl --force`, 'replace an earlier export'],
      ]),
    )
    .action(async (location: string, flags: ExportFlags, command: Command) => {
      const { json } = context.flags(command);
      const format = exportFormatFor(flags.out);
      const path = resolve(context.cwd, flags.out);
      const query = toRecordQuery(flags);
      const overwrite = flags.force === true;
      if (!overwrite && (await pathExists(path))) throw outputExistsError(path);
      const writeRecords = format === 'jsonl' ? null : await WRITERS[format]();
      let records = 0;
      await context.withRun(location, flags, async ({ client, run }) => {
        const progress = context.progress({ label: `Exporting to ${flags.out}`, scan: true });
        const file = await AtomicOutputFile.create(path);
        try {
          const scan = { ...query, signal: context.signal, onProgress: progress.onScan };
          if (writeRecords === null) {
            // JSON Lines come written from the decode workers, as for `filter --json`.
            await writeJsonLines(client.filterJsonLines(run, { ...scan, columns: lineFieldsOf(flags.columns) }), file.stream, (count) => {
              records += count;
            });
          } else {
            const source = client.filter(run, { ...scan, columns: fieldsToRead(flags.columns) });
            await writeRecords(
              counted(source, () => {
                records++;
              }),
              file.stream,
              flags.columns,
            );
          }
          await file.commit({ overwrite });
        } catch (error) {
          await file.discard();
          throw error;
        } finally {
          progress.stop();
        }
      });
      const { size } = await stat(path);
      if (json) await context.stdout.write(jsonLine({ file: path, format, records, bytes: size }));
      else await context.stdout.writeLine(`Wrote ${formatCount(records)} records to ${path} (${format}, ${formatBytes(size)})`);
    });
}
