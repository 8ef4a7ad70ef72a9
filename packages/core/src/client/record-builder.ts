// Turns the plain columns a worker returns into SyncRecords.
import { ALL_RECORD_COLUMNS, RECORD_COLUMNS } from '../layout/record-columns.js';
import type { JsonValue } from '../model/json-value.js';
import { outcomeOf } from '../model/record-outcome.js';
import type { SyncRecord } from '../model/sync-record.js';
import type { SelectResult } from '../reader/decode-protocol.js';
import type { RunFile } from './run-files.js';

export const RECORD_OUTPUT_COLUMNS: string[] = [...ALL_RECORD_COLUMNS];

/** The parsed payload; text that is not JSON stays as text rather than being lost. */
export function parsePayload(text: string | null, fields?: readonly string[]): JsonValue | null {
  if (text === null) return null;
  let value: JsonValue;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    return text;
  }
  if (fields === undefined || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const projected: Record<string, JsonValue> = {};
  for (const field of fields) if (field in value) projected[field] = value[field]!;
  return projected;
}

/** The records of a select's rows, the first `limit` of them. */
export function buildRecords(
  result: SelectResult,
  file: RunFile,
  firstRow: number,
  fields?: readonly string[],
  limit = Number.POSITIVE_INFINITY,
): SyncRecord[] {
  const c = result.columns;
  const text = (column: string, index: number) => (c[column]?.[index] ?? null) as string | null;
  const time = (column: string, index: number) => {
    const value = c[column]?.[index] ?? null;
    return value === null ? null : new Date(value as number);
  };
  const records: SyncRecord[] = [];
  for (let index = 0, count = Math.min(limit, result.rowIndexes.length); index < count; index++) {
    const status = text(RECORD_COLUMNS.status, index);
    records.push({
      identifier: text(RECORD_COLUMNS.identifier, index),
      payload: parsePayload(text(RECORD_COLUMNS.payload, index), fields),
      operation: text(RECORD_COLUMNS.operation, index),
      status,
      outcome: outcomeOf(status),
      statusMessage: text(RECORD_COLUMNS.statusMessage, index),
      batchStartedAt: time(RECORD_COLUMNS.batchStartedAt, index),
      batchEndedAt: time(RECORD_COLUMNS.batchEndedAt, index),
      origin: {
        file: file.name,
        batchType: file.batchType,
        batchNumber: file.batchNumber,
        rowIndex: firstRow + result.rowIndexes[index]!,
      },
    });
  }
  return records;
}
