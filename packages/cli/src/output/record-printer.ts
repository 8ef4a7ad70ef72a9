// Prints records as they arrive: JSON Lines with --json, otherwise rows or cards. Stops early, quietly,
// when the reader of stdout goes away.
import { type JsonLinesBatch, type SyncRecord } from '@synctrack/core';
import { JsonBytes, recordJsonLineWriter } from '@synctrack/core/internal';
import type { CliContext } from '../cli-context.js';
import type { RecordKey } from './record-fields.js';
import { RecordRows, recordCard } from './record-table.js';

export interface PrintRecordsOptions {
  json: boolean;
  /** `rows` for many records, `cards` (with payloads) for a few. */
  layout: 'rows' | 'cards';
  /** Only these fields, in this order (`--columns`); rows and JSON only. */
  keys?: readonly RecordKey[];
}

/**
 * Prints records given a batch at a time (a row group's matches from `filterBatches`, or one array):
 * JSON Lines are written into bytes per batch (core's JsonBytes) and written at once, one await per batch
 * instead of per record.
 */
export async function printRecords(
  context: CliContext,
  batches: AsyncIterable<readonly SyncRecord[]> | Iterable<readonly SyncRecord[]>,
  options: PrintRecordsOptions,
): Promise<number> {
  const { stdout } = context;
  const colors = context.stdoutColors;
  const { keys } = options;
  const rows = new RecordRows({ colors, width: stdout.columns, keys }, (line) => stdout.writeLine(line));
  const writeLine = recordJsonLineWriter(keys);
  const lines = new JsonBytes();
  let count = 0;
  for await (const records of batches) {
    if (options.json) {
      for (const record of records) writeLine(record, lines);
      await stdout.write(lines.take());
      count += records.length;
    } else {
      for (const record of records) {
        if (options.layout === 'rows') await rows.add(record);
        else await stdout.write(`${count > 0 ? '\n' : ''}${recordCard(record, colors).join('\n')}\n`);
        count++;
        if (context.stdoutClosed) break;
      }
    }
    if (context.stdoutClosed) break;
  }
  await rows.flush();
  return count;
}

/**
 * Prints JSON Lines written by core (`filterJsonLines`), a batch at a time, as they are: the
 * records are never built on this thread. Returns how many were printed.
 */
export async function printJsonLines(context: CliContext, batches: AsyncIterable<JsonLinesBatch>): Promise<number> {
  let count = 0;
  for await (const batch of batches) {
    // The lines' memory goes back to core once stdout is done with them.
    await context.stdout.write(batch.lines, () => batch.release());
    count += batch.count;
    if (context.stdoutClosed) break;
  }
  return count;
}
