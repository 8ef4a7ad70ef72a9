// Writes a stream of records to a file as CSV or JSON Lines, with backpressure, one record in memory at
// a time. The columns are those of `--json`, in the same order.
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { recordCsvRow, type SyncRecord } from '@synctrack/core';
import { RECORD_JSON_KEYS, jsonLine, recordJson } from '../output/json-format.js';

export type RecordFileWriter = (records: AsyncIterable<SyncRecord>, output: Writable) => Promise<void>;

export const writeJsonLines: RecordFileWriter = async (records, output) => {
  await pipeline(async function* () {
    for await (const record of records) yield jsonLine(recordJson(record));
  }, output);
};

/** CSV has no null: SQL NULL is an empty field, and `record_payload` is its JSON text. */
export const writeCsv: RecordFileWriter = async (records, output) => {
  await pipeline(
    async function* () {
      for await (const record of records) yield recordCsvRow(record);
    },
    stringify({ header: true, columns: [...RECORD_JSON_KEYS] }),
    output,
  );
};
