// `synctrack index`, `find --index` and `find --all-runs` against real local runs, with a temporary
// index directory (never the user's cache).
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../src/index.js';
import { jsonLines, synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;
let scratch: string;
let indexDir: string;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
  scratch = await mkdtemp(join(tmpdir(), 'synctrack-index-'));
});

afterAll(async () => {
  await bucket.remove();
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(async () => {
  indexDir = await mkdtemp(join(scratch, 'dir-'));
});

const IDS = ['c-5', 'c-8', 'c-1', 'missing'];

describe('index', () => {
  it('builds the index and prints its stats as JSON; find --index then gives what find gives', async () => {
    const built = await synctrack(['index', bucket.run, '--index-dir', indexDir, '--json']);
    expect(built).toMatchObject({ exitCode: 0, stderr: '' });
    const stats = JSON.parse(built.stdout) as Record<string, unknown>;
    expect(stats).toEqual({ path: expect.any(String), files: 3, rows: 15, row_groups: 3, mapped_row_groups: expect.any(Number) });
    expect(stats.path).toMatch(new RegExp(`^${indexDir}/[0-9a-f]+\\.stindex$`));
    expect(await readdir(indexDir)).toHaveLength(1);

    const plain = await synctrack(['find', bucket.run, ...IDS, '--json']);
    const indexed = await synctrack(['find', bucket.run, ...IDS, '--json', '--index', '--index-dir', indexDir]);
    expect(indexed).toEqual(plain);
    expect(jsonLines(plain.stdout)).toHaveLength(5);
    // The readable output (cards, and what was not found) is the same too.
    expect(await synctrack(['find', bucket.run, ...IDS, '--index-dir', indexDir])).toEqual(await synctrack(['find', bucket.run, ...IDS]));
  });

  it('prints what it built', async () => {
    const result = await synctrack(['index', bucket.dir, '--org', '11', '--sync', '22', '--run', '332', '--index-dir', indexDir]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Built the index at .+\.stindex\n {2}files +1\n {2}rows +2\n {2}row groups +\d of 1 read row by row/);
  });

  it('uses SYNCTRACK_INDEX_DIR from the CLI’s environment', async () => {
    const result = await synctrack(['index', bucket.run, '--json'], { env: { SYNCTRACK_INDEX_DIR: indexDir } });
    expect(result.exitCode).toBe(0);
    expect((JSON.parse(result.stdout) as { path: string }).path.startsWith(`${indexDir}/`)).toBe(true);
  });
});

describe('find --index', () => {
  it('builds the index on first use', async () => {
    expect(await readdir(indexDir)).toEqual([]);
    const result = await synctrack(['find', bucket.run, 'c-8', '--json', '--index', '--index-dir', indexDir]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(jsonLines(result.stdout)).toMatchObject([{ identifier: 'c-8', status: 'rejected' }]);
    expect((await readdir(indexDir)).filter((name) => name.endsWith('.stindex'))).toHaveLength(1);
  });
});

describe('find --all-runs', () => {
  it('finds a record in every run of the sync, newest run first, with its run id', async () => {
    const result = await synctrack(['find', bucket.dir, '--org', '11', '--sync', '22', '--all-runs', 'c-2', '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(jsonLines(result.stdout)).toMatchObject([
      { identifier: 'c-2', status: 'rejected', record_payload: { n: 2 }, file: 'records_updated.0.parquet', run_id: '333' },
      { identifier: 'c-2', status: 'rejected', record_payload: { n: 2 }, file: 'records_updated.0.parquet', run_id: '332' },
    ]);
    // The same with indexes, and from the sync folder.
    const indexed = await synctrack(['find', join(bucket.dir, 'sync_tracking_datasets/11/22'), '--all-runs', 'c-2', '--json', '--index-dir', indexDir]);
    expect(indexed).toEqual(result);
    expect(await readdir(indexDir)).toHaveLength(2);
  });

  it('heads each run’s records with the run, and names identifiers in no run', async () => {
    const result = await synctrack(['find', bucket.dir, '--org', '11', '--sync', '22', '--all-runs', 'c-8', 'c-1', 'nobody']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Run 333, started 2026-03-01 09:59:00 UTC \(3 records\)\n\nidentifier {2}c-1\n/);
    expect(result.stdout).toMatch(/\n\nRun 332, started 2026-02-28 09:59:00 UTC \(1 record\)\n\nidentifier {2}c-1\n/);
    expect(result.stderr).toBe('Not in any run of sync 22: nobody\n');
  });
});

describe('errors', () => {
  function expectOneErrorLine(result: { exitCode: number; stdout: string; stderr: string }, exitCode: number, pattern: RegExp): void {
    expect(result.exitCode).toBe(exitCode);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^synctrack: /);
    expect(result.stderr).toMatch(pattern);
  }

  it('an --index-dir that is a file is a usage error (exit 2)', async () => {
    const file = join(indexDir, 'not-a-dir');
    await writeFile(file, 'x');
    const pattern = new RegExp(`The index directory ${file} \\(--index-dir\\) cannot be used: it is a file`);
    expectOneErrorLine(await synctrack(['index', bucket.run, '--index-dir', file]), EXIT_CODES.usage, pattern);
    expectOneErrorLine(await synctrack(['find', bucket.run, 'c-1', '--index', '--index-dir', file]), EXIT_CODES.usage, pattern);
    expectOneErrorLine(await synctrack(['find', bucket.run, 'c-1', '--index', '--index-dir', join(file, 'below')]), EXIT_CODES.usage, /cannot be used/);
  });

  it.each([
    [['--all-runs', '--org', '11', '--sync', '22', '--run', '333'], /leave out --run/],
    [['--all-runs', '--org', '11'], /--all-runs needs --org and --sync/],
  ])('find %j is a usage error', async (flags, pattern) => {
    expectOneErrorLine(await synctrack(['find', bucket.dir, 'c-1', ...flags]), EXIT_CODES.usage, pattern);
  });

  it('find --all-runs on a run folder is a usage error', async () => {
    expectOneErrorLine(await synctrack(['find', bucket.run, 'c-1', '--all-runs']), EXIT_CODES.usage, /is not a sync folder/);
  });

  it('find --all-runs on a sync with no runs is not found (exit 3)', async () => {
    expectOneErrorLine(await synctrack(['find', bucket.dir, 'c-1', '--all-runs', '--org', '11', '--sync', '99']), EXIT_CODES.notFound, /No sync runs for sync 99 of organization 11/);
  });
});
