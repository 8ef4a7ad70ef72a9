import { describe, expect, it } from 'vitest';
import { JsonBytes } from '../model/json-bytes.js';
import { recordJsonLineWriter, type RecordRowKey } from './record-json-line.js';
import { RECORD_ROW_KEYS } from '../model/record-row.js';
import type { CellValue, LinesRequest, SelectResult } from './decoded-rows.js';
import type { Utf8Texts } from '../model/utf8-texts.js';
import { buildRecords } from './record-builder.js';
import type { RunFile } from '../runs/run-files.js';
import { firstMatches, withRecordLines } from './record-lines.js';

const FILE: RunFile = {
  key: 'sync_tracking_datasets/1/2/3/records_updated.3.parquet',
  name: 'records_updated.3.parquet',
  file: 'bucket/records_updated.3.parquet',
  size: 0,
  batchType: 'records_updated',
  batchNumber: 3,
};

const TEXTS: Array<string | null> = [
  'plain',
  null,
  'quote " and back \\ slash',
  'tab\tnew\nline \u0001 \u001f',
  'Ünïcødé ✓ 🚀',
  '',
  'del \u007f',
  'say "hi"',
];

/** A select's result over six rows, with every column. */
function selectResult(): SelectResult {
  const rows = TEXTS.length;
  const column = (value: (row: number) => CellValue) => Array.from({ length: rows }, (_, row) => value(row));
  return {
    kind: 'select',
    rowCount: 100,
    matched: rows,
    rowIndexes: column((row) => row * 3) as number[],
    nextRow: null,
    columns: {
      identifier: TEXTS,
      record_payload: [
        '{"email":"a@b.c","n":1,"nested":{"x":[1,null]}}',
        null,
        'not json, kept as text',
        '[1,2]',
        '{"email":"ü"}',
        '  {"n" : 2.50}  ',
        '"just a string"',
      ],
      operation: column((row) => (row % 3 === 0 ? null : 'upsert')),
      status: column((row) => ['rejected', null, 'NULL', 'succeeded', 'DUPLICATE', 'rejected', 'x'][row]!),
      status_message: [...TEXTS].reverse(),
      batch_started_at: [Date.UTC(2026, 0, 1, 10), null, 8.64e15 + 1, -1, 0, 1.5, Date.UTC(1900, 5, 1)],
      batch_ended_at: column((row) => (row === 2 ? null : Date.UTC(2026, 0, 1, 10, 0, row))),
    },
  };
}

/** The lines `recordJsonLineWriter` writes for the records `buildRecords` makes. */
function expectedLines(result: SelectResult, request: LinesRequest, limit?: number): string {
  const write = recordJsonLineWriter(request.keys);
  const out = new JsonBytes();
  for (const record of buildRecords(result, FILE, 0, request.fields).slice(0, limit)) write(record, out);
  return out.take().toString('utf8');
}

/** `values` as UTF-8 cells, as pickTextRowBytes gives them; `raw` replaces a value's bytes. */
function textCells(values: Array<string | null>, raw: Map<number, number[]> = new Map()): Utf8Texts {
  const parts = values.map((value, index) => raw.get(index) ?? (value === null ? null : [...Buffer.from(value, 'utf8')]));
  const bytes: number[] = [];
  const starts = new Int32Array(values.length).fill(-1);
  const ends = new Int32Array(values.length);
  parts.forEach((part, index) => {
    if (part === null) return;
    starts[index] = bytes.length;
    bytes.push(...part);
    ends[index] = bytes.length;
  });
  return { bytes: Uint8Array.from(bytes), starts, ends };
}

const KEY_SETS: Array<RecordRowKey[]> = [[...RECORD_ROW_KEYS], ['status_message', 'identifier'], ['file', 'batch_started_at'], []];

describe('withRecordLines', () => {
  it('writes the lines of the records buildRecords makes, for any keys, fields and limit', () => {
    for (const keys of KEY_SETS) {
      for (const fields of [undefined, ['email', 'absent']]) {
        for (const limit of [null, 3, 0]) {
          const request: LinesRequest = { keys, fileName: FILE.name, fields };
          const lines = withRecordLines(selectResult(), request, limit);
          const text = new TextDecoder().decode(lines.lines);
          expect(text, JSON.stringify({ keys, fields, limit })).toBe(expectedLines(selectResult(), request, limit ?? undefined));
          expect(lines.columns).toEqual({});
          expect(lines.rowIndexes).toEqual(selectResult().rowIndexes.slice(0, limit ?? undefined));
        }
      }
    }
  });

  it('writes text given as UTF-8 bytes as it writes the strings, invalid UTF-8 as the decoder reads it', () => {
    // With `file`, lines go through the writers; with only text, through the WebAssembly loop (wasm-text-lines.ts).
    const keySets: RecordRowKey[][] = [['identifier', 'status_message', 'file'], ['status_message', 'identifier'], ['identifier'], []];
    for (const keys of keySets) {
      const request: LinesRequest = { keys, fileName: FILE.name };
      const fromStrings = new TextDecoder().decode(withRecordLines(selectResult(), request, null).lines);
      const result = selectResult();
      result.text = { identifier: textCells(TEXTS), status_message: textCells([...TEXTS].reverse()) };
      result.columns = {};
      const fromBytes = withRecordLines(result, request, null);
      expect(new TextDecoder().decode(fromBytes.lines), JSON.stringify(keys)).toBe(fromStrings);
      expect(fromBytes.text).toBeUndefined();
    }

    // A lone continuation byte and a truncated sequence read as U+FFFD, as pickTextRows reads them.
    const invalid = selectResult();
    invalid.text = { identifier: textCells(TEXTS, new Map([[0, [0x61, 0x80, 0x62]], [4, [0xe2, 0x9c]]])) };
    const withStrings = selectResult();
    withStrings.columns.identifier = ['a\ufffdb', ...TEXTS.slice(1, 4), '\ufffd', ...TEXTS.slice(5)];
    const idRequest: LinesRequest = { keys: ['identifier'], fileName: FILE.name };
    expect(new TextDecoder().decode(withRecordLines(invalid, idRequest, null).lines)).toBe(expectedLines(withStrings, idRequest));
  });
});

describe('firstMatches', () => {
  it('keeps the first rows of a select, of its columns or its lines', () => {
    const request: LinesRequest = { keys: ['identifier', 'status'], fileName: FILE.name };
    const all = expectedLines(selectResult(), request).split('\n');
    for (const count of [0, 1, 4, TEXTS.length]) {
      const cut = firstMatches(withRecordLines(selectResult(), request, null), count);
      expect(new TextDecoder().decode(cut.lines)).toBe(all.slice(0, count).map((line) => `${line}\n`).join(''));
      expect(cut.rowIndexes).toHaveLength(count);
      const columns = firstMatches(selectResult(), count);
      expect(columns.columns.status).toEqual(selectResult().columns.status!.slice(0, count));
      expect(columns.rowIndexes).toEqual(selectResult().rowIndexes.slice(0, count));
    }
  });
});
