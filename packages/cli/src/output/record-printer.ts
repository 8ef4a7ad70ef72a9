// Prints records as they arrive: JSON Lines with --json, otherwise rows or cards. Stops early, quietly,
// when the reader of stdout goes away.
import type { SyncRecord } from '@synctrack/core';
import type { CliContext } from '../cli-context.js';
import { recordJsonLine } from './json-format.js';
import type { RecordKey } from './record-fields.js';
import { RecordRows, recordCard } from './record-table.js';

export interface PrintRecordsOptions {
  json: boolean;
  /** `rows` for many records, `cards` (with payloads) for a few. */
  layout: 'rows' | 'cards';
  /** Only these fields, in this order (`--columns`); rows and JSON only. */
  keys?: readonly RecordKey[];
}

export async function printRecords(
  context: CliContext,
  records: AsyncIterable<SyncRecord> | Iterable<SyncRecord>,
  options: PrintRecordsOptions,
): Promise<number> {
  const { stdout } = context;
  const colors = context.stdoutColors;
  const { keys } = options;
  const rows = new RecordRows({ colors, width: stdout.columns, keys }, (line) => stdout.writeLine(line));
  const jsonLineOf = recordJsonLine(keys);
  let count = 0;
  for await (const record of records) {
    if (options.json) await stdout.write(jsonLineOf(record));
    else if (options.layout === 'rows') await rows.add(record);
    else await stdout.write(`${count > 0 ? '\n' : ''}${recordCard(record, colors).join('\n')}\n`);
    count++;
    if (context.stdoutClosed) break;
  }
  await rows.flush();
  return count;
}
