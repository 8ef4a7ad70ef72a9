// Writes a stream of records to one Parquet file, row group by row group: records are gathered into
// Arrow tables of a few thousand rows and encoded by core's Parquet writer (`encodeParquetStream`),
// which emits each row group's bytes as soon as it is full. Memory holds about one row group.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Table, TimestampMicrosecond, Utf8, vectorFromArray, type Vector } from 'apache-arrow';
import type { SyncRecord } from '@synctrack/core';
import { encodeParquetStream, payloadCellText } from '@synctrack/core/internal';
import { RECORD_JSON_KEYS, recordJson, type RecordJson } from '../output/json-format.js';
import type { RecordKey } from '../output/record-fields.js';
import type { RecordFileWriter } from './record-file-writers.js';

/** Records per Arrow batch handed to the encoder. */
const BATCH_ROWS = 8_192;
/** Rows per Parquet row group (DuckDB writes 122,880; smaller keeps the encoder's memory low). */
const ROW_GROUP_ROWS = 65_536;
const DICTIONARY_COLUMNS: readonly RecordKey[] = ['operation', 'status', 'status_message', 'file'];

type ColumnVector = (rows: readonly RecordJson[], records: readonly SyncRecord[]) => Vector;

const text = (values: Array<string | null>) => vectorFromArray(values, new Utf8());
const time = (values: Array<Date | null>) =>
  vectorFromArray(values.map((date) => (date === null ? null : date.getTime())), new TimestampMicrosecond('UTC'));

/** The dataset's columns with their Census types (text, TIMESTAMP in UTC), plus `file`. */
const COLUMN_VECTORS: Record<RecordKey, ColumnVector> = {
  identifier: (rows) => text(rows.map((row) => row.identifier)),
  // The payload's JSON text, or the text stored when it could not be parsed.
  record_payload: (_rows, records) => text(records.map((record) => payloadCellText(record.payload, record.payloadRaw))),
  operation: (rows) => text(rows.map((row) => row.operation)),
  status: (rows) => text(rows.map((row) => row.status)),
  status_message: (rows) => text(rows.map((row) => row.status_message)),
  batch_started_at: (_rows, records) => time(records.map((record) => record.batchStartedAt)),
  batch_ended_at: (_rows, records) => time(records.map((record) => record.batchEndedAt)),
  file: (rows) => text(rows.map((row) => row.file)),
};

function recordTable(records: readonly SyncRecord[], keys: readonly RecordKey[]): Table {
  const rows: RecordJson[] = records.map(recordJson);
  return new Table(Object.fromEntries(keys.map((key) => [key, COLUMN_VECTORS[key](rows, records)])));
}

async function* chunks(records: AsyncIterable<SyncRecord>, size: number): AsyncGenerator<SyncRecord[]> {
  let chunk: SyncRecord[] = [];
  for await (const record of records) {
    chunk.push(record);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The records as Arrow tables of `BATCH_ROWS`; one table without rows when there are none (the encoder needs the schema). */
async function* recordTables(records: AsyncIterable<SyncRecord>, keys: readonly RecordKey[]): AsyncGenerator<Table> {
  let wroteRows = false;
  for await (const chunk of chunks(records, BATCH_ROWS)) {
    wroteRows = true;
    yield recordTable(chunk, keys);
  }
  if (!wroteRows) yield recordTable([], keys);
}

export const writeParquet: RecordFileWriter = async (records, output, keys = RECORD_JSON_KEYS) => {
  const bytes = encodeParquetStream(recordTables(records, keys), {
    compression: 'zstd',
    rowGroupSize: ROW_GROUP_ROWS,
    dictionaryColumns: DICTIONARY_COLUMNS,
    createdBy: 'synctrack export',
  });
  await pipeline(Readable.from(bytes, { objectMode: false }), output);
};
