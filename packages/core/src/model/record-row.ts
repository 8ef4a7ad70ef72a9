// A record in the dataset's own terms — its column names, ISO-8601 UTC times, SQL NULL as null —
// as every export speaks it: the CLI's JSON Lines, CSV and Parquet, and the viewer's downloads.
import type { JsonValue } from './json-value.js';
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
}

/** The keys of a record row, in the order exports write them. */
export const RECORD_ROW_KEYS: ReadonlyArray<keyof RecordRow> = [
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
export const RECORD_ROW_VALUES: { readonly [K in keyof RecordRow]: (record: SyncRecord) => RecordRow[K] } = {
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
    operation: record.operation,
    status: record.status,
    status_message: record.statusMessage,
    batch_started_at: isoTime(record.batchStartedAt),
    batch_ended_at: isoTime(record.batchEndedAt),
    file: record.origin.file,
  };
}

/** The same row for CSV, which has no nested values: `record_payload` is its JSON text. */
export function recordCsvRow(record: SyncRecord): Omit<RecordRow, 'record_payload'> & { record_payload: string | null } {
  const row = recordRow(record);
  return { ...row, record_payload: row.record_payload === null ? null : JSON.stringify(row.record_payload) };
}
