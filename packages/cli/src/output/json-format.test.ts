import { describe, expect, it } from 'vitest';
import type { SyncRecord } from '@synctrack/core';
import { RECORD_JSON_KEYS, errorGroupJson, errorGroupJsonText, jsonLine, jsonString, recordJson, recordJsonLine } from './json-format.js';
import type { RecordKey } from './record-fields.js';

function record(overrides: Partial<SyncRecord>): SyncRecord {
  return {
    identifier: 'c-1',
    payload: { email: 'ana@example.com', n: 1, nested: { list: [1, null, 'x'] } },
    operation: 'upsert',
    status: 'rejected',
    outcome: 'rejected',
    statusMessage: 'Invalid email: "bad"@example',
    batchStartedAt: new Date('2026-03-01T10:00:00.000Z'),
    batchEndedAt: new Date('2026-03-01T10:00:30.000Z'),
    origin: { file: 'records_updated.0.parquet', batchType: 'records_updated', batchNumber: 0, rowIndex: 3 },
    ...overrides,
  };
}

const RECORDS: SyncRecord[] = [
  record({}),
  record({ identifier: null, payload: null, operation: null, status: null, outcome: 'invalid', statusMessage: null, batchStartedAt: null, batchEndedAt: null }),
  record({ identifier: 'ünïcødé \u2028 "quoted" \\ back\nslash', payload: 'not json, kept as text', statusMessage: '\u0000\u001f tab\t' }),
  record({ payload: [1, 2, { a: true }], batchStartedAt: new Date(Number.NaN) }),
];

/** What `--json` printed before: the row, projected onto the keys in their order. */
function projectedLine(row: SyncRecord, keys: readonly RecordKey[]): string {
  const full = recordJson(row);
  return jsonLine(Object.fromEntries(keys.map((key) => [key, full[key]])));
}

describe('recordJsonLine', () => {
  it('prints the whole row without --columns', () => {
    const line = recordJsonLine(undefined);
    for (const row of RECORDS) expect(line(row)).toBe(jsonLine(recordJson(row)));
  });

  it('prints exactly the projected row for any keys in any order', () => {
    const keySets: RecordKey[][] = [
      ['identifier', 'status_message'],
      ['status_message', 'identifier'],
      ['file'],
      ['record_payload', 'batch_ended_at', 'operation'],
      [...RECORD_JSON_KEYS].reverse(),
      [],
    ];
    for (const keys of keySets) {
      const line = recordJsonLine(keys);
      for (const row of RECORDS) {
        expect(line(row)).toBe(projectedLine(row, keys));
        expect(Object.keys(JSON.parse(line(row)))).toEqual(keys);
      }
    }
  });
});

describe('errorGroupJsonText', () => {
  it('is JSON.stringify of the group object, with and without templates', () => {
    const groups = [
      { statusMessage: 'Invalid email: "bad"@example \u2028 ünïcødé', count: 3, examples: ['c-1', null, 'a\\b'] },
      { statusMessage: null, count: 1, examples: [] },
      { statusMessage: 'Contact <id> not found', count: 120, examples: ['1', '2'], messages: 57 },
    ];
    for (const group of groups) expect(errorGroupJsonText(group)).toBe(JSON.stringify(errorGroupJson(group)));
  });
});

describe('jsonString', () => {
  it('gives what JSON.stringify gives, for every kind of character that needs escaping and for plain text', () => {
    const texts = [
      '',
      'plain ascii 123',
      'Zoë 雪 🚀',
      'quote " inside',
      'back \\ slash',
      'controls \u0000 \u0001 \n \r \t \u001f',
      'del \u007f and \u2028 \u2029',
      'lone high \ud83d here',
      'lone low \ude80 here',
      'reversed \ude80\ud83d pair',
      '\ud83d',
    ];
    for (let code = 0; code < 0x80; code++) texts.push(`x${String.fromCharCode(code)}y`);
    for (const text of texts) expect(jsonString(text), JSON.stringify(text)).toBe(JSON.stringify(text));
  });
});
