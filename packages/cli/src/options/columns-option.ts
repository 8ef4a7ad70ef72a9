// `--columns <fields>`, shared by `filter` and `export`: which record fields to read and print, in the
// order given. Core reads only those columns, so leaving out the payload makes a scan much cheaper.
import { InvalidArgumentError as UsageError, type Command } from 'commander';
import { RECORD_FIELD_NAMES, recordKeyFor, type RecordKey } from '../output/record-fields.js';

export interface ColumnsFlags {
  columns?: RecordKey[];
}

/** Commander parser: field names, comma-separated or repeated, each at most once. */
export function recordColumns(value: string, previous: RecordKey[] | undefined): RecordKey[] {
  const names = value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  if (names.length === 0) throw new UsageError(`expected field names from ${RECORD_FIELD_NAMES.join(', ')}`);
  const keys = [...(previous ?? [])];
  for (const name of names) {
    const key = recordKeyFor(name);
    if (key === undefined) throw new UsageError(`unknown field ${JSON.stringify(name)}: use ${RECORD_FIELD_NAMES.join(', ')}`);
    if (keys.includes(key)) throw new UsageError(`${JSON.stringify(name)} is listed twice`);
    keys.push(key);
  }
  return keys;
}

export function addColumnsOption(command: Command): Command {
  return command.option(
    '--columns <fields>',
    `only these record fields, in this order (comma-separated): ${RECORD_FIELD_NAMES.join(', ')}; the column names (status_message, …) work too`,
    recordColumns,
  );
}
