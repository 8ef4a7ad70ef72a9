import { DataType, Table, TimeUnit, tableFromIPC, tableToIPC, type RecordBatch } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { ALL_RECORD_COLUMNS } from '../layout/record-columns.js';
import { ArrowBatchBuilder } from './arrow-batches.js';
import type { CellValue, SelectResult } from './decoded-rows.js';

const FILES = ['records_updated.1.parquet', 'records_inserted.1.parquet'];

function select(rowIndexes: number[], columns: Record<string, CellValue[]>): SelectResult {
  return { kind: 'select', rowCount: 100, matched: rowIndexes.length, rowIndexes, columns, nextRow: null };
}

const ROWS = select([3, 7, 9], {
  identifier: ['a-1', 'ü-2', null],
  record_payload: ['{"id":1,"name":"x"}', null, 'not json {'],
  operation: ['upsert', 'update', null],
  status: ['succeeded', 'rejected', null],
  status_message: [null, 'Invalid email “x”', null],
  batch_started_at: [Date.UTC(2024, 4, 1, 10), null, -1],
  batch_ended_at: [Date.UTC(2024, 4, 1, 11), Date.UTC(2024, 4, 1, 11, 0, 0, 5), null],
});

const rowsOf = (batch: RecordBatch) => new Table(batch).toArray().map((row) => row.toJSON() as Record<string, unknown>);

describe('ArrowBatchBuilder', () => {
  it('types the record columns and adds outcome, file and row_index', () => {
    const batch = new ArrowBatchBuilder({ columns: ALL_RECORD_COLUMNS, fileNames: FILES }).batch(ROWS, FILES[1]!, 1000);
    expect(batch.schema.fields.map((field) => field.name)).toEqual([...ALL_RECORD_COLUMNS, 'outcome', 'file', 'row_index']);
    const type = (name: string) => batch.schema.fields.find((field) => field.name === name)!.type;
    expect(DataType.isUtf8(type('identifier'))).toBe(true);
    expect(DataType.isUtf8(type('record_payload'))).toBe(true);
    expect(DataType.isTimestamp(type('batch_started_at'))).toBe(true);
    expect(type('batch_started_at')).toMatchObject({ unit: TimeUnit.MILLISECOND, timezone: 'UTC' });
    expect(DataType.isDictionary(type('outcome'))).toBe(true);
    expect(DataType.isDictionary(type('file'))).toBe(true);
    expect(DataType.isInt(type('row_index'))).toBe(true);
    expect(rowsOf(batch)).toEqual([
      {
        identifier: 'a-1',
        record_payload: '{"id":1,"name":"x"}',
        operation: 'upsert',
        status: 'succeeded',
        status_message: null,
        batch_started_at: Date.UTC(2024, 4, 1, 10),
        batch_ended_at: Date.UTC(2024, 4, 1, 11),
        outcome: 'success',
        file: FILES[1],
        row_index: 1003,
      },
      {
        identifier: 'ü-2',
        record_payload: null,
        operation: 'update',
        status: 'rejected',
        status_message: 'Invalid email “x”',
        batch_started_at: null,
        batch_ended_at: Date.UTC(2024, 4, 1, 11, 0, 0, 5),
        outcome: 'rejected',
        file: FILES[1],
        row_index: 1007,
      },
      {
        identifier: null,
        record_payload: 'not json {',
        operation: null,
        status: null,
        status_message: null,
        batch_started_at: -1,
        batch_ended_at: null,
        outcome: 'invalid',
        file: FILES[1],
        row_index: 1009,
      },
    ]);
  });

  it('carries only the columns asked, in the dataset order, and projects payload fields', () => {
    const builder = new ArrowBatchBuilder({ columns: ['status', 'record_payload'], fileNames: FILES, fields: ['id'] });
    const batch = builder.batch(ROWS, FILES[0]!, 0);
    expect(batch.schema.fields.map((field) => field.name)).toEqual(['record_payload', 'status', 'outcome', 'file', 'row_index']);
    expect(rowsOf(batch).map((row) => row.record_payload)).toEqual(['{"id":1}', null, 'not json {']);
  });

  it('survives the IPC stream and file formats, several batches sharing the dictionaries', () => {
    const builder = new ArrowBatchBuilder({ columns: ALL_RECORD_COLUMNS, fileNames: FILES });
    const batches = [builder.batch(ROWS, FILES[0]!, 0), builder.empty(), builder.batch(ROWS, FILES[1]!, 50)];
    const table = new Table(batches);
    for (const format of ['stream', 'file'] as const) {
      const back = tableFromIPC(tableToIPC(table, format));
      expect(back.numRows).toBe(6);
      expect(back.getChild('file')!.toArray()).toEqual([FILES[0], FILES[0], FILES[0], FILES[1], FILES[1], FILES[1]]);
      expect(back.getChild('outcome')!.toArray()).toEqual(['success', 'rejected', 'invalid', 'success', 'rejected', 'invalid']);
      expect(back.getChild('status_message')!.get(1)).toBe('Invalid email “x”');
      expect([...back.getChild('row_index')!]).toEqual([3, 7, 9, 53, 57, 59]);
    }
  });

  it('makes an empty batch with the schema', () => {
    const batch = new ArrowBatchBuilder({ columns: ALL_RECORD_COLUMNS, fileNames: [] }).empty();
    expect(batch.numRows).toBe(0);
    expect(tableFromIPC(tableToIPC(new Table(batch))).schema.fields.length).toBe(10);
  });

  it('reads a column missing from the select as nulls', () => {
    const builder = new ArrowBatchBuilder({ columns: ALL_RECORD_COLUMNS, fileNames: FILES });
    const batch = builder.batch(select([0], { status: ['succeeded'] }), FILES[0]!, 0);
    expect(rowsOf(batch)[0]).toMatchObject({ identifier: null, batch_started_at: null, outcome: 'success' });
  });
});
