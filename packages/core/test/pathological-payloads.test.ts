// Pathological but valid data is data: payloads nested 10,000 levels deep, 10 MB payloads, invalid
// UTF-8 and unusual JSON (duplicate keys, huge numbers, -0, escaped lone surrogates, a BOM, a
// non-object top level, text that is not JSON) are returned by every call and written by every JSON
// writer, never a stack overflow. Text that cannot be parsed or written back is kept as stored,
// with `payloadRaw` (`record_payload_raw` in lines).
import { beforeAll, describe, expect, test } from 'vitest';
import {
  MemoryStorage,
  SyncRunWriter,
  SyncTrackingClient,
  stringifyJson,
  type SyncRecord,
  type SyncRecordInput,
} from '../src/index.js';
import { JsonBytes, payloadCellText, recordCsvRow, recordJsonLineWriter } from '../src/internal.js';

const DEPTH = 10_000;
const deepObject = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
const deepArray = `${'['.repeat(DEPTH)}"x"${']'.repeat(DEPTH)}`;
const mixedDeep = `${'[{"k":'.repeat(DEPTH / 2)}[]${'}]'.repeat(DEPTH / 2)}`;
const tenMegabytes = JSON.stringify({ blob: 'x'.repeat(10 * 1024 * 1024), n: 1 });

interface Case {
  id: string;
  text: string | Uint8Array;
  /** The payload's JSON text as written (JSON.stringify's), or the text kept when raw. */
  written: string;
  raw: boolean;
}

const CASES: Case[] = [
  { id: 'deep-object', text: deepObject, written: deepObject, raw: false },
  { id: 'deep-array', text: deepArray, written: deepArray, raw: false },
  { id: 'mixed-deep', text: mixedDeep, written: mixedDeep, raw: false },
  { id: 'ten-megabytes', text: tenMegabytes, written: tenMegabytes, raw: false },
  // 0xff 0xfe are not UTF-8: decoded as U+FFFD each, the rest of the JSON kept.
  { id: 'invalid-utf8', text: new Uint8Array([...Buffer.from('{"a":"'), 0xff, 0xfe, ...Buffer.from('ok"}')]), written: '{"a":"\uFFFD\uFFFDok"}', raw: false },
  { id: 'invalid-utf8-not-json', text: new Uint8Array([0xc3, 0x28, 0x7b]), written: '\uFFFD({', raw: true },
  { id: 'duplicate-keys', text: '{"a":1,"a":2}', written: '{"a":2}', raw: false },
  { id: 'huge-exponent', text: '{"n":1e400,"m":[2]}', written: '{"n":1e400,"m":[2]}', raw: true },
  { id: 'huge-integer', text: `{"n":1${'0'.repeat(400)}}`, written: `{"n":1${'0'.repeat(400)}}`, raw: true },
  { id: 'long-integer', text: '{"n":123456789012345678901234567890}', written: '{"n":1.2345678901234568e+29}', raw: false },
  { id: 'minus-zero', text: '[-0,0.0]', written: '[0,0]', raw: false },
  { id: 'lone-surrogate', text: '{"s":"\\ud800 and \\udfff"}', written: '{"s":"\\ud800 and \\udfff"}', raw: false },
  { id: 'bom', text: '\uFEFF{"a":1}', written: '{"a":1}', raw: false },
  { id: 'top-level-string', text: '"just text"', written: '"just text"', raw: false },
  { id: 'top-level-number', text: '42', written: '42', raw: false },
  { id: 'not-json', text: 'not json {', written: 'not json {', raw: true },
  { id: 'truncated', text: '{"a":[1,2', written: '{"a":[1,2', raw: true },
  { id: 'deep-invalid', text: `${'['.repeat(DEPTH)}`, written: `${'['.repeat(DEPTH)}`, raw: true },
];

const storage = new MemoryStorage();
const client = new SyncTrackingClient({ storage });
const run = { orgId: 'o', syncId: 's', runId: 'r' };

beforeAll(async () => {
  const at = new Date('2026-11-23T06:00:00Z');
  const records = (from: number): SyncRecordInput[] =>
    CASES.map((item, index) => ({
      identifier: item.id,
      payload: null,
      payloadText: item.text,
      operation: 'upsert',
      status: index % 2 === 0 ? 'rejected' : 'succeeded',
      statusMessage: index % 2 === 0 ? `bad ${from + index}` : null,
      batchStartedAt: at,
      batchEndedAt: at,
    }));
  // One file of text payloads (snappy, the JavaScript decoder), one with bytes (a binary payload column, zstd).
  const writer = new SyncRunWriter({ storage, run, compression: 'snappy', rowGroupSize: 7 });
  await writer.writeBatch('records_updated', records(0).filter((record) => typeof record.payloadText === 'string'));
  const binary = new SyncRunWriter({ storage, run, rowGroupSize: 5 });
  await binary.writeBatch('records_failed', records(100));
}, 60_000);

const expectedFor = (identifier: string | null) => CASES.find((item) => item.id === identifier)!;

/** The record's payload as JSON text (as written), and its flag, never compared as a deep value. */
function checkRecord(record: SyncRecord): void {
  const expected = expectedFor(record.identifier);
  const written = record.payloadRaw === true ? (record.payload as string) : stringifyJson(record.payload);
  expect(written, record.identifier!).toBe(expected.written);
  expect(record.payloadRaw === true, record.identifier!).toBe(expected.raw);
  if (expected.raw) expect(typeof record.payload).toBe('string');
  expect(payloadCellText(record.payload, record.payloadRaw)).toBe(expected.written);
  expect(recordCsvRow(record).record_payload).toBe(expected.written);
}

function checkLine(line: string, at: string): void {
  const identifier = /"identifier":"([^"]*)"/.exec(line)![1]!;
  const expected = expectedFor(identifier);
  const start = line.indexOf('"record_payload":') + '"record_payload":'.length;
  const end = line.indexOf(',"operation":');
  const value = line.slice(start, end);
  if (expected.raw) expect(value, `${at} ${identifier}`).toBe(`${JSON.stringify(expected.written)},"record_payload_raw":true`);
  else expect(value, `${at} ${identifier}`).toBe(expected.written);
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

const TOTAL = CASES.length + CASES.filter((item) => typeof item.text === 'string').length;

describe('pathological payloads through the SDK', () => {
  test('filter and filterPage', async () => {
    const records = await collect(client.filter(run));
    expect(records).toHaveLength(TOTAL);
    records.forEach(checkRecord);
    const page = await client.filterPage(run, { limit: 200, outcome: 'rejected' });
    expect(page.records.length).toBeGreaterThan(5);
    page.records.forEach(checkRecord);
  });

  test('filterJsonLines, and recordJsonLineWriter for the same records', async () => {
    const text = (await collect(client.filterJsonLines(run))).map((batch) => Buffer.from(batch.lines).toString('utf8')).join('');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(TOTAL);
    lines.forEach((line) => checkLine(line, 'filterJsonLines'));
    const out = new JsonBytes();
    const write = recordJsonLineWriter();
    const records = await collect(client.filter(run));
    for (const record of records) write(record, out);
    expect(out.take().toString('utf8')).toBe(text);
  });

  test('find, by scan and by index', async () => {
    const ids = CASES.map((item) => item.id);
    const found = await client.find(run, ids);
    expect(found).toHaveLength(TOTAL);
    found.forEach(checkRecord);
    const indexed = await client.find(run, ids, { index: true });
    expect(indexed).toHaveLength(TOTAL);
    indexed.forEach(checkRecord);
  });

  test('sample', async () => {
    const sample = await client.sample(run, { size: 1000, seed: 1 });
    expect(sample).toHaveLength(TOTAL);
    sample.forEach(checkRecord);
  });

  test('payloadFields keeps raw text raw, and projects parsed objects', async () => {
    const records = await collect(client.filter(run, { identifiers: ['not-json', 'duplicate-keys'], payloadFields: ['a'] }));
    expect(records).toHaveLength(4);
    for (const record of records) {
      if (record.identifier === 'not-json') expect([record.payload, record.payloadRaw]).toEqual(['not json {', true]);
      else expect([record.payload, record.payloadRaw]).toEqual([{ a: 2 }, undefined]);
    }
  });
});

describe('stringifyJson', () => {
  test('is JSON.stringify for what JSON.stringify can write, indented or not', () => {
    const value = JSON.parse('{"a":[1,{"b":null,"c":"x\\"\\n"}],"d":{},"e":[],"2":true,"1":-0}');
    expect(stringifyJson(value)).toBe(JSON.stringify(value));
    expect(stringifyJson(value, 2)).toBe(JSON.stringify(value, null, 2));
  });

  test('writes values JSON.stringify cannot (too deep), indented too', () => {
    const value = JSON.parse(mixedDeep);
    expect(() => JSON.stringify(value)).toThrow(RangeError);
    expect(stringifyJson(value)).toBe(mixedDeep);
    const pretty = stringifyJson(value, 2);
    expect(pretty.split('\n')).toHaveLength(DEPTH * 2 + 1);
    expect(JSON.parse(pretty) && stringifyJson(JSON.parse(pretty))).toBe(mixedDeep);
  });
});
