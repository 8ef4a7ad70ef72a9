// Writes a stream of records to a file as CSV or JSON Lines, with backpressure, one record (or, for
// JSON Lines, one row group's lines) in memory at a time. The columns are those of `--json`, in the
// same order, or the `--columns` given.
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type JsonLinesBatch, type SyncRecord } from '@synctrack/core';
import { recordCsvRow } from '@synctrack/core/internal';
import { RECORD_JSON_KEYS } from '../output/json-format.js';
import type { RecordKey } from '../output/record-fields.js';

/** `keys`: only these fields, in this order; every field without it. */
export type RecordFileWriter = (records: AsyncIterable<SyncRecord>, output: Writable, keys?: readonly RecordKey[]) => Promise<void>;

/** JSON Lines as core's decode workers write them (`filterJsonLines`); `onBatch` counts the records. */
export async function writeJsonLines(batches: AsyncIterable<JsonLinesBatch>, output: Writable, onBatch: (count: number) => void): Promise<void> {
  await pipeline(async function* () {
    for await (const batch of batches) {
      onBatch(batch.count);
      yield batch.lines;
    }
  }, output);
}

/** CSV has no null: SQL NULL is an empty field, and `record_payload` is its JSON text. */
export const writeCsv: RecordFileWriter = async (records, output, keys) => {
  // Loaded only for a CSV export.
  const { stringify } = await import('csv-stringify');
  await pipeline(
    async function* () {
      for await (const record of records) yield recordCsvRow(record);
    },
    stringify({ header: true, columns: [...(keys ?? RECORD_JSON_KEYS)] }),
    output,
  );
};
