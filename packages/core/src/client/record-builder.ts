// Turns the plain columns a worker returns into SyncRecords.
import { ALL_RECORD_COLUMNS, RECORD_COLUMNS } from '../layout/record-columns.js';
import type { JsonValue } from '../model/json-value.js';
import { outcomeOf } from '../model/record-outcome.js';
import type { SyncRecord } from '../model/sync-record.js';
import type { CellValue, SelectResult } from '../reader/decode-protocol.js';
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

/** The records of a select's rows. */
export function buildRecords(result: SelectResult, file: RunFile, firstRow: number, fields?: readonly string[]): SyncRecord[] {
  // Each column's array once, not a keyed lookup per field per record (a filter builds 160k).
  const column = (name: string): readonly CellValue[] | undefined => result.columns[name];
  const identifiers = column(RECORD_COLUMNS.identifier);
  const payloads = column(RECORD_COLUMNS.payload);
  const operations = column(RECORD_COLUMNS.operation);
  const statuses = column(RECORD_COLUMNS.status);
  const messages = column(RECORD_COLUMNS.statusMessage);
  const starts = column(RECORD_COLUMNS.batchStartedAt);
  const ends = column(RECORD_COLUMNS.batchEndedAt);
  const text = (values: readonly CellValue[] | undefined, index: number) => (values?.[index] ?? null) as string | null;
  const time = (values: readonly CellValue[] | undefined, index: number) => {
    const value = values?.[index] ?? null;
    return value === null ? null : new Date(value as number);
  };
  const records: SyncRecord[] = [];
  for (let index = 0; index < result.rowIndexes.length; index++) {
    const status = text(statuses, index);
    records.push({
      identifier: text(identifiers, index),
      payload: parsePayload(text(payloads, index), fields),
      operation: text(operations, index),
      status,
      outcome: outcomeOf(status),
      statusMessage: text(messages, index),
      batchStartedAt: time(starts, index),
      batchEndedAt: time(ends, index),
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
