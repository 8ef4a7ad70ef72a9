// The viewer's JSON API against a real server on 127.0.0.1 over a real written bucket: answers
// agree with SyncTrackingClient, pages stay one page, downloads parse back to the filter, errors map
// to HTTP statuses, and nothing outside the started location can be asked for.
import { request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient, type StorageAdapter, type SyncRecord } from '@synctrack/core';
import { startViewer, type ViewerHandle } from '../src/index.js';
import { messageTemplate } from '@synctrack/core/internal';
import type { ErrorsResponse, RecordHistoryResponse, RecordsResponse, RunCompareResponse, RunDetailsResponse, RunSummaryResponse, RunsResponse, SyncHistoryResponse, SyncsResponse } from '../src/index.js';
import { LIVE_RUN, MAIN_RUN, OLD_RUN, ORG, OTHER_SYNC, SYNC, XSS_IDENTIFIER, writeFixtureBucket, type FixtureBucket } from './viewer-fixture.js';

let bucket: FixtureBucket;
let viewer: ViewerHandle;
let client: SyncTrackingClient;
/** Object keys the server has read, in order (see `countingStorage`). */
const reads: string[] = [];

/** The bucket's adapter, noting every read: tells whether a request scanned more than it needed. */
function countingStorage(storage: StorageAdapter): StorageAdapter {
  return new Proxy(storage, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'read' && typeof value === 'function') {
        return (key: string, options: unknown) => {
          reads.push(key);
          return (value as (key: string, options: unknown) => unknown).call(target, key, options);
        };
      }
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const runPath = (ids = MAIN_RUN) => `api/runs/${ids.orgId}/${ids.syncId}/${ids.runId}`;

async function get(path: string): Promise<Response> {
  return fetch(new URL(path, viewer.url));
}

async function json<T>(path: string): Promise<T> {
  const response = await get(path);
  expect(response.status, `${path}: ${await response.clone().text()}`).toBe(200);
  return (await response.json()) as T;
}

/** A raw request, for paths and headers fetch would normalise or refuse. */
function raw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(viewer.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function all(records: AsyncIterable<SyncRecord>): Promise<SyncRecord[]> {
  const out: SyncRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

beforeAll(async () => {
  bucket = await writeFixtureBucket({ mainRunRecords: 2_000 });
  // A run whose only record file is not Parquet at all.
  await bucket.storage.write!(`sync_tracking_datasets/${ORG}/${OTHER_SYNC}/2999/records_updated.0.parquet`, new TextEncoder().encode('not parquet, not at all'));
  client = new SyncTrackingClient({ storage: bucket.storage });
  viewer = await startViewer({ storage: countingStorage(bucket.storage), port: 0 });
});

afterAll(async () => {
  await viewer?.close();
  await bucket?.remove();
});

describe('startViewer', () => {
  it('listens on 127.0.0.1 and a free port by default', () => {
    expect(viewer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses a bad port and names a busy one', async () => {
    await expect(startViewer({ storage: bucket.storage, port: -1 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    const port = Number(new URL(viewer.url).port);
    await expect(startViewer({ storage: bucket.storage, port })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('in use') });
  });

  it('close() is idempotent and stops answering', async () => {
    const other = await startViewer({ storage: bucket.storage });
    expect((await fetch(other.url)).status).toBe(200);
    await other.close();
    await other.close();
    await expect(fetch(other.url)).rejects.toThrow();
  });
});

describe('sync history', () => {
  it('lists organizations and syncs', async () => {
    expect(await json('api/organizations')).toEqual({ organizations: [ORG] });
    const syncs = await json<SyncsResponse>(`api/orgs/${ORG}/syncs`);
    expect(syncs).toMatchObject({ orgId: ORG, syncs: [SYNC, OTHER_SYNC] });
    // Named from the newest run's metadata and the fact tables; the other sync's newest run (2999)
    // has no metadata, so it keeps its id.
    expect(syncs.named).toEqual([
      {
        syncId: SYNC,
        source: { id: 'src-10', type: 'DataWarehouse::Query', name: 'Active users', kind: 'model' },
        destination: { id: 'dst-20', type: 'Salesforce::Connection', name: 'Salesforce Production', kind: 'Salesforce' },
        destinationObject: { id: 'obj-30', type: 'Salesforce::ObjectTypes::Contact', name: 'Contact', kind: 'Contact' },
      },
      { syncId: OTHER_SYNC, source: null, destination: null, destinationObject: null },
    ]);
  });

  it('marks the run still being written, in the listing and on its own', async () => {
    const body = await json<RunsResponse>(`api/orgs/${ORG}/syncs/${SYNC}/runs`);
    expect(body.runs.map((run) => [run.runId, run.inProgress])).toEqual([
      ['1003', true],
      ['1002', false],
      ['1001', false],
    ]);
    expect((await json<RunDetailsResponse>(runPath(LIVE_RUN))).inProgress).toBe(true);
    expect((await json<RunDetailsResponse>(runPath(MAIN_RUN))).inProgress).toBe(false);
  });

  it('lists runs newest first, with source and destination by name from the fact tables', async () => {
    const body = await json<RunsResponse>(`api/orgs/${ORG}/syncs/${SYNC}/runs`);
    expect(body.runs.map((run) => run.runId)).toEqual(['1003', '1002', '1001']);
    expect(body.total).toBe(3);
    expect(body.runs[1]).toMatchObject({
      startedAt: '2026-11-23T06:00:00.000Z',
      source: { id: 'src-10', name: 'Active users', kind: 'model' },
      destination: { id: 'dst-20', name: 'Salesforce Production', kind: 'Salesforce' },
      destinationObject: { id: 'obj-30', name: 'Contact' },
      metadataError: null,
    });
  });

  it('pages the runs of a sync', async () => {
    const body = await json<RunsResponse>(`api/orgs/${ORG}/syncs/${SYNC}/runs?offset=1&limit=1`);
    expect(body).toMatchObject({ total: 3, offset: 1 });
    expect(body.runs.map((run) => run.runId)).toEqual(['1002']);
  });
});

describe('a run', () => {
  it('describes the run: metadata, joined names and files', async () => {
    const body = await json<RunDetailsResponse>(runPath());
    expect(body.metadata).toMatchObject({ workspaceId: '7', runStartedAt: '2026-11-23T06:00:00.000Z', recordPayloadSchema: { email: 'string' } });
    expect(body.source?.name).toBe('Active users');
    expect(body.files.map((file) => file.name)).toContain('records_failed.0.parquet');
    expect(body.metadataError).toBeNull();
  });

  it('counts by outcome exactly as summary() does', async () => {
    const body = await json<RunSummaryResponse>(`${runPath()}/summary`);
    const summary = await client.summary(MAIN_RUN);
    expect(body.total).toBe(summary.total);
    expect(body.byOutcome).toEqual(summary.byOutcome);
    expect(body.files).toBe(summary.files);
  });

  it('pages through a filter with cursors, never more than one page at a time, losing no record', async () => {
    const expected = (await all(client.filter(MAIN_RUN, { outcome: 'rejected' }))).map((record) => `${record.origin.file}#${record.origin.rowIndex}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const body: RecordsResponse = await json<RecordsResponse>(`${runPath()}/records?outcome=rejected&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(body.records.length).toBeLessThanOrEqual(50);
      expect(body.records.every((record) => record.outcome === 'rejected')).toBe(true);
      seen.push(...body.records.map((record) => `${record.file}#${record.rowIndex}`));
      cursor = body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(expected);
  });

  it('reads only what the first page of a tab needs', async () => {
    const [first] = (await client.listRunFiles(MAIN_RUN)).files;
    reads.length = 0;
    const body = await json<RecordsResponse>(`${runPath()}/records?outcome=rejected&limit=20`);
    expect(body.records).toHaveLength(20);
    expect(body.nextCursor).not.toBeNull();
    // The run's first file (500 records, 100 rejected, 10 row groups) fills the page: no other
    // record file is touched.
    const files = new Set(reads.filter((key) => key.endsWith('.parquet')).map((key) => key.split('/').pop()));
    expect([...files]).toEqual([first!.name]);
  });

  it('caps the page size', async () => {
    const response = await get(`${runPath()}/records?limit=5000`);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: 'INVALID_ARGUMENT', message: expect.stringContaining('limit') } });
  });

  it('searches by identifier with find(), within the tab', async () => {
    const found = await json<RecordsResponse>(`${runPath()}/records?identifier=user-44`);
    expect(found.records.map((record) => record.identifier)).toEqual(['user-44']);
    expect(found.nextCursor).toBeNull();
    expect((await json<RecordsResponse>(`${runPath()}/records?identifier=user-44&outcome=rejected`)).records).toEqual([]);
    const xss = await json<RecordsResponse>(`${runPath()}/records?identifier=${encodeURIComponent(XSS_IDENTIFIER)}`);
    expect(xss.records[0]?.identifier).toBe(XSS_IDENTIFIER);
  });

  it('groups errors by message and filters by an exact message', async () => {
    const body = await json<ErrorsResponse>(`${runPath()}/errors`);
    const groups = await client.errors(MAIN_RUN, { examples: 3 });
    expect(body.groups).toEqual(groups.map(({ statusMessage, count, examples }) => ({ statusMessage, count, examples })));
    const group = body.groups[1]!;
    const page = await json<RecordsResponse>(`${runPath()}/records?outcome=rejected&limit=200&message=${encodeURIComponent(group.statusMessage!)}`);
    expect(page.records.length).toBe(Math.min(group.count, 200));
    expect(page.records.every((record) => record.statusMessage === group.statusMessage)).toBe(true);
  });

  it('groups errors by template, a page of the largest groups at a time, and filters by a template', async () => {
    const body = await json<ErrorsResponse>(`${runPath()}/errors?templates=1&limit=2`);
    const groups = await client.errors(MAIN_RUN, { examples: 3, templates: true });
    expect(body).toMatchObject({ templates: true, totalGroups: groups.length, rejected: groups.reduce((sum, group) => sum + group.count, 0) });
    expect(body.groups).toEqual(groups.slice(0, 2).map(({ statusMessage, count, examples, messages }) => ({ statusMessage, count, examples, messages })));
    const template = body.groups[0]!.statusMessage!;
    const page = await json<RecordsResponse>(`${runPath()}/records?outcome=rejected&limit=200&template=${encodeURIComponent(template)}`);
    expect(page.records.length).toBe(Math.min(body.groups[0]!.count, 200));
    const sample = await get(`${runPath()}/sample?format=jsonl&outcome=rejected&size=5&template=${encodeURIComponent(template)}`);
    const lines = (await sample.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as { status_message: string });
    expect(lines).toHaveLength(5);
    expect(new Set(lines.map((line) => messageTemplate(line.status_message)))).toEqual(new Set([template]));
  });

  it('shows what has landed so far of a run still being written, with nothing cached', async () => {
    const before = await get(`${runPath(LIVE_RUN)}/summary`);
    expect(before.headers.get('cache-control')).toBe('no-store');
    const total = ((await before.json()) as RunSummaryResponse).total;
    await bucket.landBatch();
    expect((await json<RunSummaryResponse>(`${runPath(LIVE_RUN)}/summary`)).total).toBe(total + 30);
    expect((await json<RunDetailsResponse>(runPath(LIVE_RUN))).files).toHaveLength(2);
  });
});

describe('across runs', () => {
  it('charts a sync from syncHistory: counts, rejected rate and its change, top errors, newest first', async () => {
    const body = await json<SyncHistoryResponse>(`api/orgs/${ORG}/syncs/${SYNC}/history?limit=2`);
    const history = await client.syncHistory({ orgId: ORG, syncId: SYNC }, { limit: 2, topErrors: 3 });
    expect(body.runs.map((run) => run.runId)).toEqual(history.runs.map((trend) => trend.run.runId));
    const main = body.runs.find((run) => run.runId === MAIN_RUN.runId)!;
    const trend = history.runs.find((item) => item.run.runId === MAIN_RUN.runId)!;
    expect(main).toMatchObject({ total: trend.stats!.total, byOutcome: trend.stats!.byOutcome, rejectedRate: trend.stats!.rejectedRate, previousRunId: OLD_RUN.runId });
    expect(main.rejectedRateChange).toBeCloseTo(trend.rejectedRateChange!, 12);
    expect(main.topErrors).toEqual(trend.stats!.topErrors.map(({ template, count }) => ({ template, count })));
  });

  it('compares a run with the one before it, and lists each identifier set a page at a time', async () => {
    const body = await json<RunCompareResponse>(`${runPath()}/compare`);
    const comparison = await client.compareRuns(OLD_RUN, MAIN_RUN, { templates: true });
    expect(body.base?.runId).toBe(OLD_RUN.runId);
    expect(body.identifiers).toEqual(comparison.identifiers);
    expect(body.outcomes).toEqual(comparison.outcomes);
    expect(body.newErrors.map((error) => error.template)).toEqual(
      comparison.errors.filter((group) => group.new).sort((a, b) => b.head - a.head).slice(0, 5).map((group) => group.statusMessage),
    );
    const expected: string[] = [];
    for await (const record of comparison.records('added')) expected.push(`${record.origin.file}#${record.origin.rowIndex}`);
    expect(expected.length).toBeGreaterThan(50);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: RecordsResponse = await json<RecordsResponse>(`${runPath()}/compare/records?set=added&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.records.length).toBeLessThanOrEqual(50);
      seen.push(...page.records.map((record) => `${record.file}#${record.rowIndex}`));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(expected);
    const download = await get(`${runPath()}/compare/records?set=added&format=jsonl`);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="run-1-42-1002-added-since-1001.jsonl"');
    expect((await download.text()).trimEnd().split('\n')).toHaveLength(expected.length);
    expect((await get(`${runPath()}/compare/records?set=everyone`)).status).toBe(400);
    // The first run of a sync has nothing before it.
    expect(await json<RunCompareResponse>(`${runPath(OLD_RUN)}/compare`)).toMatchObject({ base: null, identifiers: null });
  });

  it('tells a record’s story from recordHistory, oldest run first', async () => {
    const body = await json<RecordHistoryResponse>(`api/orgs/${ORG}/syncs/${SYNC}/record-history?identifier=user-4`);
    const expected = [];
    for await (const appearance of client.recordHistory({ orgId: ORG, syncId: SYNC }, 'user-4')) expected.push(appearance);
    expect(body.appearances.map((item) => [item.runId, item.changedFields, item.record.status])).toEqual(
      expected.map((item) => [item.run.runId, item.changedFields, item.record.status]),
    );
    expect(body.runs).toBe(3);
    expect((await get(`api/orgs/${ORG}/syncs/${SYNC}/record-history`)).status).toBe(400);
  });
});

describe('downloads', () => {
  it('streams the current filter as CSV that parses back to the same records', async () => {
    const response = await get(`${runPath()}/export?format=csv&outcome=rejected`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="run-1-42-1002-rejected.csv"');
    const rows = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    const expected = await all(client.filter(MAIN_RUN, { outcome: 'rejected' }));
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, index) => {
      const record = expected[index]!;
      expect(row.identifier).toBe(record.identifier ?? '');
      expect(row.status).toBe(record.status ?? '');
      expect(row.status_message).toBe(record.statusMessage ?? '');
      expect(JSON.parse(row.record_payload!)).toEqual(record.payload);
      expect(row.batch_started_at).toBe(record.batchStartedAt?.toISOString());
      expect(row.file).toBe(record.origin.file);
    });
  });

  it('streams JSON Lines, filtered by message', async () => {
    const [group] = await client.errors(MAIN_RUN);
    const response = await get(`${runPath()}/export?format=jsonl&message=${encodeURIComponent(group!.statusMessage!)}`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="run-1-42-1002-all.jsonl"');
    const lines = (await response.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(group!.count);
    expect(lines.every((line) => line.status_message === group!.statusMessage)).toBe(true);
  });

  it('downloads a sample of a tab', async () => {
    const response = await get(`${runPath()}/sample?format=csv&outcome=invalid&size=10&seed=7`);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="run-1-42-1002-invalid-sample.csv"');
    const rows = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(10);
    expect(rows.every((row) => row.status === 'NULL' || row.status === 'DUPLICATE')).toBe(true);
  });

  it('writes the header of an empty CSV', async () => {
    const text = await (await get(`${runPath()}/export?format=csv&identifier=nobody`)).text();
    expect(text).toBe('identifier,record_payload,operation,status,status_message,batch_started_at,batch_ended_at,file\n');
  });
});

describe('errors', () => {
  it.each([
    [`api/runs/${ORG}/${SYNC}/9999/summary`, 404, 'NOT_FOUND'],
    [`api/runs/${ORG}/${SYNC}/9999`, 404, 'NOT_FOUND'],
    [`api/runs/${ORG}/${OTHER_SYNC}/2999/summary`, 422, 'INVALID_DATA'],
    // `..` and `%2E%2E` segments are resolved by URL parsing before routing: no endpoint matches.
    [`api/runs/${ORG}/${SYNC}/..`, 404, 'NOT_FOUND'],
    [`api/runs/${ORG}/${SYNC}/%2E%2E/summary`, 404, 'NOT_FOUND'],
    [`api/orgs/%2E/syncs`, 404, 'NOT_FOUND'],
    // Encoded slashes and dots inside one segment reach the id check.
    [`api/runs/${ORG}/..%2F..%2Fmetadata/x/summary`, 400, 'INVALID_ARGUMENT'],
    [`api/runs/${ORG}/${SYNC}/a%2Fb/summary`, 400, 'INVALID_ARGUMENT'],
    [`api/runs/${ORG}/${SYNC}/..%2F1002/summary`, 400, 'INVALID_ARGUMENT'],
    [`api/orgs/%2E%2Fx/syncs`, 400, 'INVALID_ARGUMENT'],
    [`${runPath()}/records?outcome=maybe`, 400, 'INVALID_ARGUMENT'],
    [`${runPath()}/records?cursor=not-a-cursor`, 400, 'INVALID_ARGUMENT'],
    [`${runPath()}/export?format=xlsx`, 400, 'INVALID_ARGUMENT'],
    [`${runPath()}/sample?size=0`, 400, 'INVALID_ARGUMENT'],
    ['api/nothing-here', 404, 'NOT_FOUND'],
  ])('%s → %i %s', async (path, status, code) => {
    const response = await raw(`/${path}`);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body)).toEqual({ error: { code, message: expect.any(String) } });
  });
});

describe('security', () => {
  it('sends a strict Content-Security-Policy and friends with every answer', async () => {
    for (const path of ['/', '/assets/app.js', '/api/organizations', '/api/runs/1/42/9999']) {
      const response = await raw(path);
      const csp = String(response.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("require-trusted-types-for 'script'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves the built front end, with no inline script', async () => {
    const page = await raw('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toMatch(/<script type="module" src="\/assets\/app\.js"><\/script>/);
    expect(page.body).not.toMatch(/<script>/);
    const stylesheets = Array.from(page.body.matchAll(/<link rel="stylesheet" href="([^"]+)"/g), (match) => match[1]!);
    expect(stylesheets.length).toBeGreaterThan(0);
    for (const href of stylesheets) {
      const sheet = await raw(href);
      expect(sheet.status, href).toBe(200);
      expect(sheet.headers['content-type'], href).toBe('text/css; charset=utf-8');
    }
  });

  it.each(['/assets/..%2Fpackage.json', '/assets/%2e%2e%2f%2e%2e%2fpackage.json', '/assets/../../package.json', '/../package.json', '/assets/', '/package.json', '/src/index.ts', '/assets/app.ts'])(
    'serves nothing else: %s',
    async (path) => {
      const response = await raw(path);
      expect(response.status).toBe(404);
      expect(response.body).not.toContain('@synctrack');
    },
  );

  it('is read-only', async () => {
    expect((await raw('/api/organizations', {}, 'POST')).status).toBe(405);
    expect((await raw('/', {}, 'DELETE')).status).toBe(405);
  });

  it('answers only to its own host name (DNS rebinding) and refuses cross-site API calls', async () => {
    const port = new URL(viewer.url).port;
    expect((await raw('/api/organizations', { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await raw('/', { Host: `localhost:${port}` })).status).toBe(200);
    expect((await raw('/api/organizations', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await raw('/api/organizations', { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
  });

  it('reads only inside the location it was started on', async () => {
    const outside = join(bucket.dir, '..', 'synctrack-viewer-outside.txt');
    await writeFile(outside, 'secret');
    reads.length = 0;
    await raw(`/api/runs/${ORG}/${SYNC}/..%2F..%2F..%2F..%2Fsynctrack-viewer-outside.txt`);
    await raw('/api/runs/%2E%2E/%2E%2E/%2E%2E/summary');
    expect(reads).toEqual([]);
  });
});
