// Turns the plain columns a worker returns into SyncRecords.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ALL_RECORD_COLUMNS, RECORD_COLUMNS, type RecordField } from '../layout/record-columns.js';
import type { JsonValue } from '../model/json-value.js';
import { RawPayload, parsePayloadText } from '../model/record-payload.js';
import { outcomeOf } from '../model/record-outcome.js';
import type { SyncRecord } from '../model/sync-record.js';
import type { CellValue, SelectResult } from './decoded-rows.js';
import type { RunFile } from '../runs/run-files.js';

export const RECORD_OUTPUT_COLUMNS: string[] = [...ALL_RECORD_COLUMNS];

/**
 * The columns read for records of these fields (`columns` of filter, sample, find): the fields asked
 * and `status` always, since every record's `outcome` is derived from it (and so `status` is filled
 * too). Every column without `fields`.
 */
export function recordOutputColumns(fields: readonly RecordField[] | undefined): string[] {
  if (fields === undefined) return RECORD_OUTPUT_COLUMNS;
  if (!Array.isArray(fields)) {
    throw new InvalidArgumentError({ message: 'columns must be an array of record fields', context: { argument: 'columns' } });
  }
  const columns = fields.map((field) => {
    const column = Object.hasOwn(RECORD_COLUMNS, field) ? (RECORD_COLUMNS as Record<string, string>)[field] : undefined;
    if (column === undefined) {
      throw new InvalidArgumentError({
        message: `Unknown record field ${JSON.stringify(field)}: use ${Object.keys(RECORD_COLUMNS).join(', ')}`,
        context: { argument: 'columns' },
      });
    }
    return column;
  });
  return columns.includes(RECORD_COLUMNS.status) ? columns : [...columns, RECORD_COLUMNS.status];
}

/** `payloadFields` (payload keys to keep) checked: an array of strings, or undefined for the whole payload. */
export function payloadFields(fields: unknown): string[] | undefined {
  if (fields === undefined) return undefined;
  if (!Array.isArray(fields) || fields.some((field) => typeof field !== 'string')) {
    throw new InvalidArgumentError({ message: 'payloadFields must be an array of payload field names (strings)', context: { argument: 'payloadFields' } });
  }
  return fields as string[];
}

/** The record with only the fields of `columns` (see `recordOutputColumns`); the others null. */
export function projectRecord(record: SyncRecord, columns: readonly string[]): SyncRecord {
  if (columns === RECORD_OUTPUT_COLUMNS) return record;
  const has = (column: string) => columns.includes(column);
  const { payloadRaw: _payloadRaw, ...rest } = record;
  return {
    ...(has(RECORD_COLUMNS.payload) ? record : rest),
    identifier: has(RECORD_COLUMNS.identifier) ? record.identifier : null,
    payload: has(RECORD_COLUMNS.payload) ? record.payload : null,
    operation: has(RECORD_COLUMNS.operation) ? record.operation : null,
    statusMessage: has(RECORD_COLUMNS.statusMessage) ? record.statusMessage : null,
    batchStartedAt: has(RECORD_COLUMNS.batchStartedAt) ? record.batchStartedAt : null,
    batchEndedAt: has(RECORD_COLUMNS.batchEndedAt) ? record.batchEndedAt : null,
  };
}

/**
 * The parsed payload (only `fields` of it, when given); text that is not JSON that can be
 * represented comes back as a `RawPayload` holding the text stored (see record-payload.ts).
 */
export function parsePayload(text: string | null, fields?: readonly string[]): JsonValue | RawPayload | null {
  if (text === null) return null;
  const value = parsePayloadText(text);
  return fields === undefined || value instanceof RawPayload ? value : projectPayload(value, fields);
}

/** Only `fields` of an object payload; any other payload as it is. */
export function projectPayload(value: JsonValue | null, fields: readonly string[]): JsonValue | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const projected: Record<string, JsonValue> = {};
  for (const field of fields) if (Object.hasOwn(value, field)) projected[field] = value[field]!;
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
    const payload = parsePayload(text(payloads, index), fields);
    const record: SyncRecord = {
      identifier: text(identifiers, index),
      payload: payload instanceof RawPayload ? payload.text : payload,
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
    };
    if (payload instanceof RawPayload) record.payloadRaw = true;
    records.push(record);
  }
  return records;
}
