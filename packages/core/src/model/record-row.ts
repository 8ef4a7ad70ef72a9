// A record in the dataset's own terms — its column names, ISO-8601 UTC times, SQL NULL as null —
// as every export speaks it: the CLI's JSON Lines, CSV and Parquet, and the viewer's downloads.
import type { JsonValue } from './json-value.js';
import { payloadCellText } from './record-payload.js';
import type { SyncRecord } from './sync-record.js';

export interface RecordRow {
  identifier: string | null;
  record_payload: JsonValue | null;
  operation: string | null;
  status: string | null;
  status_message: string | null;
  batch_started_at: string | null;
  batch_ended_at: string | null;
  /** The record's file within the run, e.g. `records_updated.3.parquet`. */
  file: string;
  /**
   * Present, and true, only when `record_payload` is the text stored because it could not be parsed
   * (`SyncRecord.payloadRaw`); written right after `record_payload`, and only with it.
   */
  record_payload_raw?: true;
}

/** The key that follows `record_payload` in a line whose payload is raw text. */
export const RAW_PAYLOAD_KEY = 'record_payload_raw';

/** The keys of a record row, in the order exports write them (`record_payload_raw` goes with `record_payload`). */
export const RECORD_ROW_KEYS: ReadonlyArray<Exclude<keyof RecordRow, 'record_payload_raw'>> = [
  'identifier',
  'record_payload',
  'operation',
  'status',
  'status_message',
  'batch_started_at',
  'batch_ended_at',
  'file',
];

/** ISO-8601 UTC, or null for a missing or invalid date. */
export function isoTime(date: Date | null | undefined): string | null {
  return date === null || date === undefined || Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** How each key of a row is taken from a record: an export of a few keys computes only those. */
export const RECORD_ROW_VALUES: { readonly [K in (typeof RECORD_ROW_KEYS)[number]]: (record: SyncRecord) => RecordRow[K] } = {
  identifier: (record) => record.identifier,
  record_payload: (record) => record.payload,
  operation: (record) => record.operation,
  status: (record) => record.status,
  status_message: (record) => record.statusMessage,
  batch_started_at: (record) => isoTime(record.batchStartedAt),
  batch_ended_at: (record) => isoTime(record.batchEndedAt),
  file: (record) => record.origin.file,
};

export function recordRow(record: SyncRecord): RecordRow {
  return {
    identifier: record.identifier,
    record_payload: record.payload,
    ...(record.payloadRaw === true ? { record_payload_raw: true as const } : {}),
    operation: record.operation,
    status: record.status,
    status_message: record.statusMessage,
    batch_started_at: isoTime(record.batchStartedAt),
    batch_ended_at: isoTime(record.batchEndedAt),
    file: record.origin.file,
  };
}

/**
 * The same row for CSV, which has no nested values: `record_payload` is its JSON text (of any
 * depth), or the text stored when that could not be parsed.
 */
export function recordCsvRow(record: SyncRecord): Omit<RecordRow, 'record_payload' | 'record_payload_raw'> & { record_payload: string | null } {
  const { record_payload_raw: _raw, ...row } = recordRow(record);
  return { ...row, record_payload: payloadCellText(record.payload, record.payloadRaw) };
}
