// A record as the viewer's API hands it to the browser (camelCase, ISO times), and as a download
// row, which speaks the dataset's own column names like the CLI's CSV and JSON Lines output.
import type { JsonValue, SyncRecord } from '@synctrack/core';
import type { RecordJson } from './api-types.js';

function isoTime(date: Date | null): string | null {
  return date === null || Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function recordJson(record: SyncRecord): RecordJson {
  return {
    identifier: record.identifier,
    status: record.status,
    outcome: record.outcome,
    operation: record.operation,
    statusMessage: record.statusMessage,
    batchStartedAt: isoTime(record.batchStartedAt),
    batchEndedAt: isoTime(record.batchEndedAt),
    payload: record.payload,
    file: record.origin.file,
    rowIndex: record.origin.rowIndex,
  };
}

/** The columns of a download, in order. */
export const DOWNLOAD_COLUMNS = [
  'identifier',
  'status',
  'status_message',
  'operation',
  'record_payload',
  'batch_started_at',
  'batch_ended_at',
  'file',
] as const;

export type DownloadRow = Record<(typeof DOWNLOAD_COLUMNS)[number], JsonValue>;

export function downloadRow(record: SyncRecord): DownloadRow {
  return {
    identifier: record.identifier,
    status: record.status,
    status_message: record.statusMessage,
    operation: record.operation,
    record_payload: record.payload,
    batch_started_at: isoTime(record.batchStartedAt),
    batch_ended_at: isoTime(record.batchEndedAt),
    file: record.origin.file,
  };
}
