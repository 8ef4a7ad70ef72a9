import { describe, expect, it } from 'vitest';
import { type SyncRecord } from '@synctrack/core';
import { JsonBytes, recordJsonLineWriter } from '@synctrack/core/internal';
import { RECORD_JSON_KEYS, errorGroupJson, jsonLine, recordJson } from './json-format.js';
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

/** The text core's `recordJsonLineWriter(keys)` writes for a record. */
function recordJsonLine(keys: readonly RecordKey[] | undefined): (row: SyncRecord) => string {
  const write = recordJsonLineWriter(keys);
  const out = new JsonBytes();
  return (row) => {
    write(row, out);
    return out.take().toString('utf8');
  };
}

describe('recordJsonLineWriter, as --json prints records', () => {
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

describe('errorGroupJson', () => {
  it('names a group as the CLI prints it, with the template count only with templates', () => {
    const plain = { statusMessage: 'Invalid email: "bad"@example \u2028 ünïcødé', count: 3, examples: ['c-1', null, 'a\\b'] };
    expect(JSON.stringify(errorGroupJson(plain))).toBe(JSON.stringify({ status_message: plain.statusMessage, count: 3, examples: plain.examples }));
    expect(errorGroupJson({ statusMessage: null, count: 1, examples: [] })).toEqual({ status_message: null, count: 1, examples: [] });
    const template = { statusMessage: 'Contact <id> not found', count: 120, examples: ['1', '2'], messages: 57 };
    expect(Object.keys(errorGroupJson(template))).toEqual(['status_message', 'count', 'examples', 'messages']);
  });
});
