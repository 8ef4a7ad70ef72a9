// Which fields of a record the CLI prints (`--columns`), as the keys of core's `RecordRow` (the dataset's
// column names, then `file`). Core reads only the chosen columns; `file` is where the record came
// from, known without reading anything.
import { type RecordField } from '@synctrack/core';
import { RECORD_COLUMNS, type RecordRowKey } from '@synctrack/core/internal';

/** A key of core's `RecordRow` one can ask for (`record_payload_raw` comes with `record_payload`). */
export type RecordKey = RecordRowKey;

/** `--columns` takes core's field names (`statusMessage`) or the column names output shows (`status_message`). */
const KEYS_BY_NAME = new Map<string, RecordKey>([
  ...Object.entries(RECORD_COLUMNS).flatMap(([field, column]) => [
    [field, column] as const,
    [column, column] as const,
  ]),
  ['file', 'file'],
]);

const FIELDS_BY_KEY = new Map<RecordKey, RecordField>(
  Object.entries(RECORD_COLUMNS).map(([field, column]) => [column, field as RecordField]),
);

/** The field names to suggest: core's, then `file`. */
export const RECORD_FIELD_NAMES: readonly string[] = [...Object.keys(RECORD_COLUMNS), 'file'];

/** The row key a field name stands for, if it names one. */
export function recordKeyFor(name: string): RecordKey | undefined {
  return KEYS_BY_NAME.get(name);
}

/** The fields core's `filterJsonLines` writes these keys for (its `columns`), in their order; undefined means every one. */
export function lineFieldsOf(keys: readonly RecordKey[] | undefined): Array<RecordField | 'file'> | undefined {
  return keys?.map((key) => (key === 'file' ? 'file' : FIELDS_BY_KEY.get(key)!));
}

/** What core must read to fill these keys (`FilterOptions.columns`); undefined means every field. */
export function fieldsToRead(keys: readonly RecordKey[] | undefined): RecordField[] | undefined {
  if (keys === undefined) return undefined;
  return keys.flatMap((key) => {
    const field = FIELDS_BY_KEY.get(key);
    return field === undefined ? [] : [field];
  });
}
