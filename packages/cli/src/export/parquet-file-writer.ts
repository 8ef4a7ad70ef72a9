// Writes a stream of records to one Parquet file, row group by row group: records are gathered into
// Arrow record batches of a few thousand rows and fed to parquet-wasm's `transformParquetStream`,
// which emits each row group's bytes as soon as it is full. Memory holds about one row group.
import { Readable, type Writable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { Table, TimestampMicrosecond, Utf8, tableToIPC, vectorFromArray, type Vector } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { type SyncRecord } from '@synctrack/core';
import { payloadCellText } from '@synctrack/core/internal';
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

function wasmBatches(records: readonly SyncRecord[], keys: readonly RecordKey[]): parquet.RecordBatch[] {
  return parquet.Table.fromIPCStream(tableToIPC(recordTable(records, keys), 'stream')).recordBatches();
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

function writerProperties(keys: readonly RecordKey[]): parquet.WriterProperties {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.ZSTD)
    .setMaxRowGroupSize(ROW_GROUP_ROWS)
    .setCreatedBy('synctrack export')
    .setDictionaryEnabled(false);
  for (const column of DICTIONARY_COLUMNS) if (keys.includes(column)) builder = builder.setColumnDictionaryEnabled(column, true);
  return builder.build();
}

export const writeParquet: RecordFileWriter = async (records, output, keys = RECORD_JSON_KEYS) => {
  const source = chunks(records, BATCH_ROWS);
  let wroteRows = false;
  // The encoder ends its output normally when its input fails, so a failure is kept here and
  // rethrown: the caller then discards the (complete-looking but partial) file.
  let failure: { error: unknown } | null = null;
  const batches = new ReadableStream<parquet.RecordBatch>(
    {
      async pull(controller) {
        try {
          const next = await source.next();
          if (next.done) {
            // The encoder needs one batch to know the schema: an empty export is a zero-row file.
            if (!wroteRows) for (const batch of wasmBatches([], keys)) controller.enqueue(batch);
            controller.close();
            return;
          }
          wroteRows = true;
          for (const batch of wasmBatches(next.value, keys)) controller.enqueue(batch);
        } catch (error) {
          failure = { error };
          controller.error(error);
        }
      },
      async cancel() {
        await source.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  try {
    const bytes = (await parquet.transformParquetStream(batches, writerProperties(keys))) as ReadableStream<Uint8Array>;
    await pipeline(Readable.fromWeb(bytes as NodeReadableStream<Uint8Array>), output);
  } catch (error) {
    // A failure before the first batch makes the encoder itself fail, with a message about casting.
    throw failure === null ? error : (failure as { error: unknown }).error;
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
};
