// The viewer's API on pathological but valid data: payloads nested 10,000 levels deep, 10 MB, not
// JSON, beyond a double's range, invalid UTF-8 are served in record pages, searches and complete
// downloads (never a 500 or a dropped connection); the sample download takes the tab's whole
// filter; a run whose metadata.json cannot be read is listed in the history with its error.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MemoryStorage,
  PermissionDeniedError,
  SyncRunWriter,
  stringifyJson,
  type ReadOptions,
  type SyncRecordInput,
} from '@synctrack/core';
import { startViewer, type ViewerHandle } from '../src/index.js';
import type { RecordJson, RecordsResponse, RunsResponse } from '../src/index.js';

const DEPTH = 10_000;
const deepObject = `${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`;
const deepArray = `${'[{"k":'.repeat(DEPTH / 2)}[]${'}]'.repeat(DEPTH / 2)}`;
const big = JSON.stringify({ blob: 'x'.repeat(10 * 1024 * 1024) });

/** identifier → [text stored, JSON text (or the text kept), raw]. */
const CASES: Record<string, [string | Uint8Array, string, boolean]> = {
  'deep-object': [deepObject, deepObject, false],
  'deep-array': [deepArray, deepArray, false],
  big: [big, big, false],
  'not-json': ['{"a": nope', '{"a": nope', true],
  'huge-number': ['{"n":-1e400}', '{"n":-1e400}', true],
  'invalid-utf8': [new Uint8Array([...Buffer.from('["'), 0xc0, ...Buffer.from('"]')]), '["\uFFFD"]', false],
  'just-a-string': ['"{not an object}"', '"{not an object}"', false],
};
const IDS = Object.keys(CASES);
const RUN = { orgId: '1', syncId: '2', runId: '3' };
const runPath = `api/runs/${RUN.orgId}/${RUN.syncId}/${RUN.runId}`;

/** Memory storage that denies reading run 5's metadata.json. */
class OneKeyDenied extends MemoryStorage {
  override async read(key: string, options: ReadOptions = {}): Promise<Uint8Array> {
    if (key.endsWith('/2/5/metadata.json')) throw new PermissionDeniedError({ message: `Permission denied: ${key}`, context: { key } });
    return super.read(key, options);
  }
}

let viewer: ViewerHandle;

beforeAll(async () => {
  const storage = new OneKeyDenied();
  const at = new Date('2026-11-23T06:00:00Z');
  const writer = new SyncRunWriter({ storage, run: RUN, compression: 'snappy', rowGroupSize: 3 });
  await writer.writeMetadata({ sync_run_start_time: '2026-11-23T06:00:00Z' });
  const records: SyncRecordInput[] = IDS.map((id) => ({
    identifier: id,
    payload: null,
    payloadText: CASES[id]![0],
    operation: 'upsert',
    status: 'rejected',
    statusMessage: 'odd payload',
    batchStartedAt: at,
    batchEndedAt: at,
  }));
  // Ordinary records around them, with two messages, for the sample's filter.
  for (let index = 0; index < 40; index++) {
    records.push({ identifier: `n-${index}`, payload: { index }, operation: 'upsert', status: 'rejected', statusMessage: index % 4 === 0 ? 'Record locked' : 'Invalid email', batchStartedAt: at, batchEndedAt: at });
  }
  await writer.writeBatch('records_updated', records);
  for (const runId of ['4', '5']) {
    const other = new SyncRunWriter({ storage, run: { ...RUN, runId } });
    await other.writeMetadata({ sync_run_start_time: `2026-11-2${runId}T06:00:00Z` });
    await other.writeBatch('records_updated', [{ identifier: 'x', payload: {}, operation: 'upsert', status: 'succeeded', batchStartedAt: at, batchEndedAt: at }]);
  }
  // A metadata.json with an unknown key nested 10,000 levels deep (kept in the metadata's raw keys).
  const deepMetadata = `{"sync_run_start_time":"2026-11-20T06:00:00Z","extra":${deepObject}}`;
  await storage.write(`sync_tracking_datasets/${RUN.orgId}/${RUN.syncId}/6/metadata.json`, new TextEncoder().encode(deepMetadata));
  await new SyncRunWriter({ storage, run: { ...RUN, runId: '6' } }).writeBatch('records_updated', [
    { identifier: 'y', payload: {}, operation: 'upsert', status: 'succeeded', batchStartedAt: at, batchEndedAt: at },
  ]);
  viewer = await startViewer({ storage, port: 0 });
}, 120_000);

afterAll(async () => {
  await viewer?.close();
});

async function get(path: string): Promise<Response> {
  return fetch(new URL(path, viewer.url));
}

function checkRecord(record: RecordJson): void {
  const [, written, raw] = CASES[record.identifier!]!;
  expect(record.payloadRaw === true, record.identifier!).toBe(raw);
  const text = raw ? (record.payload as string) : stringifyJson(record.payload);
  expect(text === written, record.identifier!).toBe(true);
}

describe('pathological payloads in the viewer API', () => {
  it('a page of records holds every payload', async () => {
    const response = await get(`${runPath}/records?message=odd%20payload&limit=200`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as RecordsResponse;
    expect(body.records.map((record) => record.identifier)).toEqual(IDS);
    body.records.forEach(checkRecord);
  });

  it('a search (find) returns the deep payload', async () => {
    for (const id of ['deep-object', 'not-json']) {
      const response = await get(`${runPath}/records?identifier=${id}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as RecordsResponse;
      expect(body.records).toHaveLength(1);
      checkRecord(body.records[0]!);
    }
  });

  it('the JSON Lines download is complete', async () => {
    const response = await get(`${runPath}/export?format=jsonl&message=odd%20payload`);
    expect(response.status).toBe(200);
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(IDS.length);
    for (const line of lines) {
      const id = /"identifier":"([^"]*)"/.exec(line)![1]!;
      const [, written, raw] = CASES[id]!;
      const value = line.slice(line.indexOf('"record_payload":') + '"record_payload":'.length, line.indexOf(',"operation":'));
      expect(value === (raw ? `${JSON.stringify(written)},"record_payload_raw":true` : written), id).toBe(true);
    }
  });

  it('the CSV download is complete, with the text stored for raw payloads', async () => {
    const response = await get(`${runPath}/export?format=csv&message=odd%20payload`);
    expect(response.status).toBe(200);
    const rows = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((row) => row.identifier)).toEqual(IDS);
    for (const row of rows) expect(row.record_payload === CASES[row.identifier!]![1], row.identifier).toBe(true);
  });

  it('the sample download is complete, and takes the tab’s message filter', async () => {
    const odd = await get(`${runPath}/sample?format=jsonl&message=odd%20payload&size=100`);
    expect(odd.status).toBe(200);
    expect((await odd.text()).trimEnd().split('\n')).toHaveLength(IDS.length);
    const locked = await get(`${runPath}/sample?format=jsonl&outcome=rejected&message=Record%20locked&size=100&seed=3`);
    const lines = (await locked.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(10);
    for (const line of lines) expect(line.status_message).toBe('Record locked');
  });
});

describe('a run whose metadata.json is nested 10,000 levels deep', () => {
  it('is described', async () => {
    const response = await get(`api/runs/${RUN.orgId}/${RUN.syncId}/6`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain(deepObject);
  });
});

describe('history with a run whose metadata.json cannot be read', () => {
  it('lists every run and marks that one with its error code', async () => {
    const response = await get(`api/orgs/${RUN.orgId}/syncs/${RUN.syncId}/runs`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as RunsResponse;
    expect(body.runs.map((run) => run.runId).sort()).toEqual(['3', '4', '5', '6']);
    const denied = body.runs.find((run) => run.runId === '5')!;
    expect(denied).toMatchObject({ metadataErrorCode: 'PERMISSION_DENIED', metadataError: expect.stringContaining('metadata.json') });
    expect(body.runs.filter((run) => run.metadataError !== null)).toHaveLength(1);
  });
});
