// The writers of the conformance matrix: each writes a run's files, in the documented layout, with
// the settings a matrix entry names. DuckDB through COPY; parquet-wasm (arrow-rs) through its
// WriterPropertiesBuilder, as core's writer does; parquetjs through its ParquetWriter; polars
// through DataFrame.writeParquet (installed on first use: see conformance-polars.ts).
import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as arrow from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import type { RunIds } from '../src/index.js';
import { inUnit, sourceRows, duckRecordColumns, type DuckTimestampType, type IdentifierKind, type SourceRow, type TimeUnitName } from './conformance-data.js';
import { recordsSelect, type DuckDbBucket } from './duckdb-fixtures.js';
import { loadPolars } from './conformance-polars.js';

/** One file of a run: its name and its rows (`offset` makes files hold partly overlapping ids). */
export interface FilePlan {
  name: string;
  rows: number;
  offset: number;
}

export type DuckCodec = 'uncompressed' | 'snappy' | 'gzip' | 'zstd' | 'brotli' | 'lz4' | 'lz4_raw';

export interface DuckSettings {
  writer: 'duckdb';
  version: 'V1' | 'V2';
  codec: DuckCodec;
  /** DuckDB rounds row groups to multiples of 2048 rows. */
  rowGroupSize?: number;
  identifiers: IdentifierKind;
  timestamp: DuckTimestampType;
  dictionarySizeLimit?: number;
}

export type WasmCodec = keyof typeof parquet.Compression;
export type WasmEncoding = 'PLAIN' | 'DELTA_LENGTH_BYTE_ARRAY' | 'DELTA_BYTE_ARRAY' | 'DELTA_BINARY_PACKED';

export interface WasmSettings {
  writer: 'parquet-wasm';
  codec: WasmCodec;
  rowGroupSize: number;
  /** Dictionary encoding for every column (arrow-rs's default) or none. */
  dictionary: boolean;
  /** Encodings per column (the fallback encoding when the dictionary is on). */
  encodings?: Record<string, WasmEncoding>;
  dataPageV2?: boolean;
  dataPageSizeLimit?: number;
  /** arrow-rs checks the page size limit after each batch of this many values. */
  writeBatchSize?: number;
  dictionaryPageSizeLimit?: number;
  statistics?: 'None' | 'Chunk' | 'Page';
  identifiers: IdentifierKind;
  timeUnit: TimeUnitName;
  utc: boolean;
}

export type ParquetJsCodec = 'UNCOMPRESSED' | 'GZIP' | 'SNAPPY' | 'BROTLI';

export interface ParquetJsSettings {
  writer: 'parquetjs';
  codec: ParquetJsCodec;
  rowGroupSize: number;
  /** Values per data page. */
  pageSize: number;
  dataPageV2: boolean;
  identifiers: IdentifierKind;
  timestamp: 'TIMESTAMP_MILLIS' | 'TIMESTAMP_MICROS';
}

export interface PolarsSettings {
  writer: 'polars';
  codec: 'zstd' | 'snappy' | 'gzip' | 'lz4' | 'uncompressed' | 'brotli';
  rowGroupSize?: number;
  identifiers: IdentifierKind;
  timeUnit: TimeUnitName;
  utc: boolean;
  statistics?: boolean;
  dataPageSizeLimit?: number;
}

export type WriterSettings = DuckSettings | WasmSettings | ParquetJsSettings | PolarsSettings;

/** The writer settings as a short, readable test name. */
export function settingsLabel(settings: WriterSettings): string {
  const { writer, ...rest } = settings;
  const parts = Object.entries(rest).map(([key, value]) =>
    typeof value === 'object' ? `${key}=${Object.entries(value!).map(([column, encoding]) => `${column}:${encoding}`).join('+')}` : `${key}=${String(value)}`,
  );
  return `${writer} ${parts.join(' ')}`;
}

export async function writeRun(bucket: DuckDbBucket, run: RunIds, settings: WriterSettings, files: FilePlan[]): Promise<void> {
  await bucket.put(run, 'metadata.json', JSON.stringify({ organization_id: run.orgId, sync_configuration_id: run.syncId, sync_run_id: run.runId }));
  for (const file of files) {
    const path = join(await bucket.runFolder(run), file.name);
    if (settings.writer === 'duckdb') await writeDuck(bucket, run, settings, file);
    else if (settings.writer === 'parquet-wasm') await writeFile(path, writeWasm(settings, sourceRows(file.rows, file.offset, settings.identifiers)));
    else if (settings.writer === 'parquetjs') await writeParquetJs(path, settings, sourceRows(file.rows, file.offset, settings.identifiers));
    else await writePolars(path, settings, sourceRows(file.rows, file.offset, settings.identifiers));
  }
}

async function writeDuck(bucket: DuckDbBucket, run: RunIds, settings: DuckSettings, file: FilePlan): Promise<void> {
  const select = recordsSelect({ rows: file.rows, offset: file.offset, columns: duckRecordColumns(settings.identifiers, settings.timestamp) });
  // The fixtures' copy() knows four codecs; the rest are spelled out here.
  const options = [
    'FORMAT parquet',
    `COMPRESSION ${settings.codec}`,
    `PARQUET_VERSION ${settings.version}`,
    ...(settings.rowGroupSize === undefined ? [] : [`ROW_GROUP_SIZE ${settings.rowGroupSize}`]),
    ...(settings.dictionarySizeLimit === undefined ? [] : [`DICTIONARY_SIZE_LIMIT ${settings.dictionarySizeLimit}`]),
  ];
  const path = join(await bucket.runFolder(run), file.name);
  await bucket.duck.run(`COPY (${select}) TO '${path.replaceAll("'", "''")}' (${options.join(', ')})`);
}

// ── parquet-wasm (arrow-rs) ──────────────────────────────────────────────

function validity(rows: SourceRow[], present: (row: SourceRow) => boolean): { bitmap: Uint8Array; nullCount: number } {
  const bitmap = new Uint8Array(Math.ceil(rows.length / 8));
  let nullCount = 0;
  rows.forEach((row, index) => {
    if (present(row)) bitmap[index >> 3]! |= 1 << (index & 7);
    else nullCount++;
  });
  return { bitmap, nullCount };
}

function timestampVector(rows: SourceRow[], get: (row: SourceRow) => bigint | null, unit: TimeUnitName, utc: boolean): arrow.Vector {
  const arrowUnit = unit === 'ms' ? arrow.TimeUnit.MILLISECOND : unit === 'us' ? arrow.TimeUnit.MICROSECOND : arrow.TimeUnit.NANOSECOND;
  const type = new arrow.Timestamp(arrowUnit, utc ? 'UTC' : null);
  const values = BigInt64Array.from(rows, (row) => (get(row) === null ? 0n : inUnit(get(row)!, unit)));
  const { bitmap, nullCount } = validity(rows, (row) => get(row) !== null);
  return arrow.makeVector(arrow.makeData({ type, length: rows.length, nullCount, nullBitmap: bitmap, data: values as never }));
}

function identifierVector(rows: SourceRow[], kind: IdentifierKind): arrow.Vector {
  if (kind === 'text') return arrow.vectorFromArray(rows.map((row) => row.identifier as string | null), new arrow.Utf8());
  const { bitmap, nullCount } = validity(rows, (row) => row.identifier !== null);
  const type = kind === 'int32' ? new arrow.Int32() : new arrow.Int64();
  const data =
    kind === 'int32' ? Int32Array.from(rows, (row) => Number(row.identifier ?? 0)) : BigInt64Array.from(rows, (row) => BigInt(row.identifier ?? 0));
  return arrow.makeVector(arrow.makeData({ type, length: rows.length, nullCount, nullBitmap: bitmap, data: data as never }));
}

/** The rows as an Arrow table: text as Utf8, identifiers as asked, timestamps in the unit and zone asked. */
function arrowTable(rows: SourceRow[], settings: { identifiers: IdentifierKind; timeUnit: TimeUnitName; utc: boolean }): arrow.Table {
  const text = (get: (row: SourceRow) => string | null) => arrow.vectorFromArray(rows.map(get), new arrow.Utf8());
  return new arrow.Table({
    identifier: identifierVector(rows, settings.identifiers),
    record_payload: text((row) => row.payload),
    operation: text((row) => row.operation),
    status: text((row) => row.status),
    status_message: text((row) => row.message),
    batch_started_at: timestampVector(rows, (row) => row.startedNs, settings.timeUnit, settings.utc),
    batch_ended_at: timestampVector(rows, (row) => row.endedNs, settings.timeUnit, settings.utc),
  });
}

export function writeWasm(settings: WasmSettings, rows: SourceRow[]): Uint8Array {
  const table = arrowTable(rows, settings);
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression[settings.codec])
    .setMaxRowGroupSize(settings.rowGroupSize)
    .setCreatedBy('synctrack conformance matrix (parquet-wasm)')
    .setDictionaryEnabled(settings.dictionary)
    .setWriterVersion(settings.dataPageV2 ? parquet.WriterVersion.V2 : parquet.WriterVersion.V1);
  for (const [column, encoding] of Object.entries(settings.encodings ?? {})) builder = builder.setColumnEncoding(column, parquet.Encoding[encoding]);
  if (settings.dataPageSizeLimit !== undefined) builder = builder.setDataPageSizeLimit(settings.dataPageSizeLimit);
  if (settings.writeBatchSize !== undefined) builder = builder.setWriteBatchSize(settings.writeBatchSize);
  if (settings.dictionaryPageSizeLimit !== undefined) builder = builder.setDictionaryPageSizeLimit(settings.dictionaryPageSizeLimit);
  if (settings.statistics !== undefined) builder = builder.setStatisticsEnabled(parquet.EnabledStatistics[settings.statistics]);
  return parquet.writeParquet(parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), builder.build());
}

// ── parquetjs ────────────────────────────────────────────────────────────

const require = createRequire(import.meta.url);

async function writeParquetJs(path: string, settings: ParquetJsSettings, rows: SourceRow[]): Promise<void> {
  const { ParquetSchema, ParquetWriter } = require('@dsnp/parquetjs') as typeof import('@dsnp/parquetjs');
  const field = (type: string) => ({ type, optional: true, compression: settings.codec }) as never;
  const schema = new ParquetSchema({
    identifier: field(settings.identifiers === 'text' ? 'UTF8' : settings.identifiers === 'int32' ? 'INT32' : 'INT64'),
    record_payload: field('UTF8'),
    operation: field('UTF8'),
    status: field('UTF8'),
    status_message: field('UTF8'),
    batch_started_at: field(settings.timestamp),
    batch_ended_at: field(settings.timestamp),
  });
  const writer = await ParquetWriter.openFile(schema, path, {
    rowGroupSize: settings.rowGroupSize,
    pageSize: settings.pageSize,
    useDataPageV2: settings.dataPageV2,
  });
  const time = (ns: bigint | null) =>
    ns === null ? undefined : settings.timestamp === 'TIMESTAMP_MILLIS' ? new Date(Number(inUnit(ns, 'ms'))) : inUnit(ns, 'us');
  for (const row of rows) {
    const record: Record<string, unknown> = {
      identifier: row.identifier ?? undefined,
      record_payload: row.payload ?? undefined,
      operation: row.operation ?? undefined,
      status: row.status ?? undefined,
      status_message: row.message ?? undefined,
      batch_started_at: time(row.startedNs),
      batch_ended_at: time(row.endedNs),
    };
    for (const key of Object.keys(record)) if (record[key] === undefined) delete record[key];
    await writer.appendRow(record);
  }
  await writer.close();
}

// ── polars ───────────────────────────────────────────────────────────────

// The frame comes from Arrow IPC: nodejs-polars' Series() turns BigInt values into nulls. Written
// through sinkParquet: DataFrame.writeParquet takes only a codec.
async function writePolars(path: string, settings: PolarsSettings, rows: SourceRow[]): Promise<void> {
  const pl = await loadPolars();
  const frame = pl.readIPC(Buffer.from(arrow.tableToIPC(arrowTable(rows, settings), 'file')));
  await frame
    .lazy()
    .sinkParquet(path, {
      compression: settings.codec,
      ...(settings.rowGroupSize === undefined ? {} : { rowGroupSize: settings.rowGroupSize }),
      ...(settings.statistics === undefined ? {} : { statistics: settings.statistics }),
      ...(settings.dataPageSizeLimit === undefined ? {} : { dataPagesizeLimit: settings.dataPageSizeLimit }),
    })
    .collect();
}
