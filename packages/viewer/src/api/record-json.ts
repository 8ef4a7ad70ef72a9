// A record as the viewer's API hands it to the browser (camelCase, ISO times), and as a download
// row, which speaks the dataset's own column names like the CLI's CSV and JSON Lines output.
import { type SyncRecord } from '@synctrack/core';
import { RECORD_ROW_KEYS, isoTime, recordRow } from '@synctrack/core/internal';
import type { RecordJson } from './api-types.js';

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
    ...(record.payloadRaw === true ? { payloadRaw: true as const } : {}),
    file: record.origin.file,
    rowIndex: record.origin.rowIndex,
  };
}

/** The columns of a download, in order: the same as the CLI's exports. */
export const DOWNLOAD_COLUMNS = RECORD_ROW_KEYS;

export const downloadRow = recordRow;
