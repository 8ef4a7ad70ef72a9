// Bad data and bad arguments give typed errors: broken Parquet files (truncated, not Parquet, a
// corrupt page behind a good footer) reject with INVALID_DATA naming the file, without a wasm
// panic escaping or a call hanging, and the same client keeps answering correctly afterwards.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { SyncTrackError, SyncTrackingClient, type RunIds, type RunRef, type SyncTrackErrorCode } from '../src/index.js';
import { DecodePool } from '../src/internal.js';
import { DuckDbBucket, collect, comparable, expectSummaryAgrees, newRun, recordsSelect, sqlString } from './duckdb-fixtures.js';

let bucket: DuckDbBucket;
/** A client of the same bucket whose calling thread decodes too, as the CLI's does. */
let callerPool: DecodePool;
let callerClient: SyncTrackingClient;
let good: RunIds;
let goodFile: Buffer;
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);

beforeAll(async () => {
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
  bucket = await DuckDbBucket.create();
  callerPool = new DecodePool({ callerDecodes: true, inlineTaskBytes: 0 });
  callerClient = new SyncTrackingClient({ storage: bucket.storage, decodePool: callerPool });
  good = newRun('org1', 'good');
  // Three row groups, so a corrupt page can sit in the middle of the file.
  const path = await bucket.copy(good, 'records_updated.0.parquet', recordsSelect({ rows: 5000 }), { rowGroupSize: 2048 });
  goodFile = await readFile(path);
});

afterEach(() => {
  // No wasm panic (or anything else) may escape a call as a process-level error.
  expect(escaped).toEqual([]);
});

afterAll(async () => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  await callerPool?.close();
  await bucket?.close();
});

async function expectError(action: () => Promise<unknown>, code: SyncTrackErrorCode, mentions: string[] = []): Promise<SyncTrackError> {
  const error = await action().then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(SyncTrackError.isInstance(error), `expected a SyncTrackError, got ${String(error)}`).toBe(true);
  const typed = error as SyncTrackError;
  expect(typed.code, typed.message).toBe(code);
  for (const text of mentions) expect(typed.message).toContain(text);
  return typed;
}

/** Every record-reading call of the client, by name. */
function readers(run: RunRef, client = bucket.client): Array<[string, () => Promise<unknown>]> {
  return [
    ['summary', () => client.summary(run)],
    ['errors', () => client.errors(run)],
    ['filter', () => collect(client.filter(run))],
    ['filterPage', () => client.filterPage(run, { outcome: 'rejected', limit: 100_000 })],
    ['find', () => client.find(run, ['cust-1', 'cust-2048', 'cust-4999'])],
    ['sample', () => client.sample(run, { size: 100_000, seed: 1 })],
  ];
}

/** The client still answers a good run as DuckDB does (the decode pool recovered). */
async function expectGoodRunStillReads(everything = false): Promise<void> {
  await expectSummaryAgrees(bucket, good);
  if (!everything) return;
  const records = (await collect(bucket.client.filter(good))).map(comparable);
  expect(records).toEqual(await bucket.rows(good));
}

/** Flips `length` bytes at the first page of `column` in `rowGroup` (its page header and data). */
async function corruptPage(bytes: Buffer, column: string, rowGroup: number, length = 24): Promise<Buffer> {
  const [chunk] = await bucket.query<{ start: number }>(
    `SELECT CAST(coalesce(dictionary_page_offset, data_page_offset) AS INTEGER) AS start
     FROM parquet_metadata(${sqlString(join(await bucket.runFolder(good), 'records_updated.0.parquet'))})
     WHERE path_in_schema = ${sqlString(column)} AND row_group_id = ${rowGroup}`,
  );
  const corrupt = Buffer.from(bytes);
  for (let index = 0; index < length; index++) corrupt[chunk!.start + index]! ^= 0xff;
  return corrupt;
}

describe('broken Parquet files', { timeout: 30_000 }, () => {
  // `panics`: the file gets past the footer checks to the decoder, whose worker dies on it.
  const cases: Array<{ name: string; file: string; content: () => Promise<Uint8Array>; panics?: boolean }> = [
    { name: 'a truncated file (first half only)', file: 'records_updated.0.parquet', content: async () => goodFile.subarray(0, goodFile.length / 2) },
    {
      name: 'a file missing its middle (footer kept)',
      file: 'records_updated.0.parquet',
      content: async () => Buffer.concat([goodFile.subarray(0, 1000), goodFile.subarray(goodFile.length - 4000)]),
    },
    { name: 'an empty file', file: 'records_updated.0.parquet', content: async () => new Uint8Array(0) },
    { name: 'a text file named x.0.parquet', file: 'x.0.parquet', content: async () => Buffer.from('identifier,status\ncust-1,succeeded\n'.repeat(20)) },
    {
      name: 'a good footer over corrupt pages in the middle row group',
      file: 'records_updated.0.parquet',
      content: async () => corruptPage(await corruptPage(goodFile, 'status', 1), 'identifier', 1),
      panics: true,
    },
  ];

  test('the corrupt-page fixture has a footer DuckDB still reads', async () => {
    const run = newRun('org1', 'corrupt-footer-check');
    const path = await bucket.put(run, 'records_updated.0.parquet', await cases.at(-1)!.content());
    const [meta] = await bucket.query<{ rows: number }>(`SELECT CAST(num_rows AS INTEGER) AS rows FROM parquet_file_metadata(${sqlString(path)})`);
    expect(meta!.rows).toBe(5000);
    await expect(bucket.query(`SELECT count(*) FROM read_parquet(${sqlString(path)}) WHERE status IS NOT NULL`)).rejects.toThrow();
  });

  for (const { name, file, content, panics } of cases) {
    test(`${name}: every call rejects with INVALID_DATA naming the file; the client recovers`, async () => {
      const run = newRun('org1', 'broken');
      // A good file first: the broken one is met part-way through a scan.
      await bucket.put(run, 'records_inserted.0.parquet', goodFile);
      await bucket.put(run, file, await content());
      for (const [call, action] of readers(run)) {
        const error = await expectError(action, 'INVALID_DATA', [file]);
        expect(error.context.file, call).toContain(file);
        if (!panics) continue;
        // The decoder itself failed on the corrupt row group, and the pool has a working decoder again.
        expect(error.context.rowGroup, call).toBe(1);
        await expectGoodRunStillReads();
      }
      await expectGoodRunStillReads(true);
    });
  }

  test('with the calling thread decoding too: the same errors, and the client recovers', async () => {
    for (const { file, content, panics } of cases) {
      const run = newRun('org1', 'broken-caller');
      await bucket.put(run, 'records_inserted.0.parquet', goodFile);
      await bucket.put(run, file, await content());
      for (const [call, action] of readers(run, callerClient)) {
        const error = await expectError(action, 'INVALID_DATA', [file]);
        expect(error.context.file, call).toContain(file);
        if (panics) expect(error.context.rowGroup, call).toBe(1);
      }
    }
    expect(await callerClient.summary(good)).toEqual(await bucket.client.summary(good));
    expect((await collect(callerClient.filter(good))).map(comparable)).toEqual(await bucket.rows(good));
  });

  test('after a decoder failure, concurrent reads of a good run succeed', async () => {
    const run = newRun('org1', 'broken-listing');
    await bucket.put(run, 'records_updated.0.parquet', await cases.at(-1)!.content());
    expect((await bucket.client.listRunFiles(run)).files).toHaveLength(1);
    await expectError(() => bucket.client.summary(run), 'INVALID_DATA', ['records_updated.0.parquet', 'row group 1']);
    await Promise.all([expectGoodRunStillReads(true), expectGoodRunStillReads(true)]);
  });
});

describe('unreadable metadata.json', { timeout: 30_000 }, () => {
  for (const [name, content] of [
    ['invalid JSON', '{"organization_id": "org1", "sync_run_id":'],
    ['a JSON array', '[{"organization_id": "org1"}]'],
  ] as const) {
    test(`${name} is INVALID_DATA naming metadata.json`, async () => {
      const run = newRun('org1', 'bad-metadata');
      await bucket.put(run, 'metadata.json', content);
      await bucket.put(run, 'records_updated.0.parquet', goodFile);
      await expectError(() => bucket.client.metadata(run), 'INVALID_DATA', [`${run.runId}/metadata.json`]);
      await expectError(() => bucket.client.summary(run), 'INVALID_DATA', ['metadata.json']);
      // Listing runs does not fail on one bad metadata file: it reports it on that run.
      const listed = await bucket.client.listRuns(run);
      const info = listed.find((entry) => entry.runId === run.runId);
      expect(info?.metadata).toBeNull();
      expect(info?.metadataError?.code).toBe('INVALID_DATA');
      expect(info?.metadataError?.message).toContain('metadata.json');
    });
  }
});

describe('missing runs', { timeout: 30_000 }, () => {
  test('a run that does not exist is NOT_FOUND naming its location', async () => {
    const run = { orgId: 'org1', syncId: 'good', runId: 'no-such-run' };
    const location = `${bucket.storage.location}/sync_tracking_datasets/org1/good/no-such-run`;
    for (const [call, action] of [...readers(run), ['listRunFiles', () => bucket.client.listRunFiles(run)] as [string, () => Promise<unknown>]]) {
      const error = await expectError(action, 'NOT_FOUND', [location]);
      expect(error.context.location, call).toBe(location);
    }
  });

  test('a location holding neither metadata.json nor record files is NOT_FOUND', async () => {
    const strays = newRun('org1', 'strays-only');
    await bucket.put(strays, 'notes.txt', 'nothing to see');
    await bucket.put(strays, '_SUCCESS', '');
    for (const run of [strays, { location: 'sync_tracking_datasets/org1' }, { location: 'sync_tracking_datasets/org1/good' }]) {
      for (const [, action] of readers(run)) await expectError(action, 'NOT_FOUND', ['neither metadata.json nor record files']);
    }
  });
});

describe('bad arguments', { timeout: 30_000 }, () => {
  test('sample sizes that are not positive integers', async () => {
    for (const size of [-1, 0, 1.5, Number.NaN]) {
      const error = await expectError(() => bucket.client.sample(good, { size, seed: 1 }), 'INVALID_ARGUMENT');
      expect(error.context.argument).toBe('size');
    }
  });

  test('an unknown outcome', async () => {
    const outcome = 'failed' as never;
    for (const action of [
      () => collect(bucket.client.filter(good, { outcome })),
      () => bucket.client.filterPage(good, { outcome, limit: 10 }),
      () => bucket.client.sample(good, { outcome, size: 10 }),
      () => bucket.client.sample(good, { outcome: ['rejected', outcome], size: 10 }),
    ]) {
      const error = await expectError(action, 'INVALID_ARGUMENT', ['failed']);
      expect(error.context.argument).toBe('outcome');
    }
  });

  test('a cursor from another query, or not from synctrack at all', async () => {
    const page = await bucket.client.filterPage(good, { outcome: 'rejected', limit: 5 });
    expect(page.nextCursor).not.toBeNull();
    const cursor = page.nextCursor!;
    for (const action of [
      () => bucket.client.filterPage(good, { outcome: 'success', limit: 5, cursor }),
      () => bucket.client.filterPage(good, { limit: 5, cursor }),
      () => collect(bucket.client.filter(good, { outcome: 'rejected', operation: 'delete', cursor })),
      () => bucket.client.filterPage(good, { outcome: 'rejected', limit: 5, cursor: 'not-a-cursor' }),
    ]) {
      const error = await expectError(action, 'INVALID_ARGUMENT');
      expect(error.context.argument).toBe('cursor');
    }
    // The same query resumes.
    const next = await bucket.client.filterPage(good, { outcome: 'rejected', limit: 5, cursor });
    expect(next.records).toHaveLength(5);
  });
});
