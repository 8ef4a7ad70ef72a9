// The --json contracts, asserted exactly: record lines, the summary object, error groups, run lines.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, type StorageAdapter } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { defaultStorageOpener, type StorageOpener } from '../src/location/storage-opener.js';
import { jsonLines, synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
});

afterAll(async () => {
  await bucket.remove();
});

const record = (
  identifier: string | null,
  n: number | null,
  operation: string,
  status: string | null,
  message: string | null,
  batch: 'A' | 'B',
  file: string,
) => ({
  identifier,
  record_payload: n === null ? null : { email: `${identifier ?? 'nobody'}@example.com`, n },
  operation,
  status,
  status_message: message,
  batch_started_at: batch === 'A' ? '2026-03-01T10:00:00.000Z' : '2026-03-01T10:05:00.000Z',
  batch_ended_at: batch === 'A' ? '2026-03-01T10:00:30.000Z' : '2026-03-01T10:05:20.000Z',
  file,
});

async function fileBytes(folder: string, names: string[]): Promise<number> {
  let total = 0;
  for (const name of names) total += (await stat(join(folder, name))).size;
  return total;
}

describe('filter --json', () => {
  it('prints one record per line with the dataset’s column names, in file order', async () => {
    const result = await synctrack(['filter', bucket.run, '--status', 'rejected', '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(jsonLines(result.stdout)).toEqual([
      record('c-2', 2, 'upsert', 'rejected', 'Invalid email: bad@example', 'A', 'records_updated.0.parquet'),
      record('c-3', 3, 'upsert', 'rejected', 'Invalid email: bad@example', 'A', 'records_updated.0.parquet'),
      record('c-4', 4, 'update', 'rejected', 'Record locked', 'A', 'records_updated.0.parquet'),
      record('c-8', 14, 'update', 'rejected', 'Invalid email: worse@example', 'B', 'records_updated.1.parquet'),
    ]);
    // Key order is part of the contract: the dataset's column order, then `file`.
    expect(Object.keys(jsonLines(result.stdout)[0] as object)).toEqual([
      'identifier',
      'record_payload',
      'operation',
      'status',
      'status_message',
      'batch_started_at',
      'batch_ended_at',
      'file',
    ]);
  });

  it('keeps SQL NULL apart from the status string NULL', async () => {
    const result = await synctrack(['filter', bucket.run, '--status', 'invalid', '--json']);
    expect(result.exitCode).toBe(0);
    expect(jsonLines(result.stdout)).toEqual([
      record(null, 7, 'upsert', 'NULL', 'The sync key is NULL', 'A', 'records_invalid.0.parquet'),
      record('c-1', 8, 'upsert', 'DUPLICATE', 'Duplicate sync key', 'A', 'records_invalid.0.parquet'),
      record('c-5', 9, 'update', 'DUPLICATE', 'Duplicate sync key', 'A', 'records_invalid.0.parquet'),
      record('c-9', null, 'upsert', null, null, 'A', 'records_invalid.0.parquet'),
      record(null, 11, 'upsert', 'NULL', 'The sync key is NULL', 'A', 'records_invalid.0.parquet'),
      record(null, 12, 'update', 'NULL', 'The sync key is NULL', 'A', 'records_invalid.0.parquet'),
    ]);
  });

  it('filters by raw status, operation, message, identifier, time window and limit', async () => {
    const identifiers = async (...args: string[]) => {
      const result = await synctrack(['filter', bucket.run, '--json', ...args]);
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      return jsonLines(result.stdout).map((line) => (line as { identifier: string | null }).identifier);
    };
    // One batch of commands at once: they share the CLI's decode pool, as in-process runs do.
    const cases: Array<[string[], Array<string | null>]> = [
      [['--status', 'DUPLICATE'], ['c-1', 'c-5']],
      [['--status', 'null'], [null, null, null]],
      [['--status', 'succeeded', '--operation', 'upsert'], ['c-1', 'c-7', 'c-10']],
      [['--message', '^Invalid email'], ['c-2', 'c-3', 'c-8']],
      [['--identifier', 'c-1', '--identifier', 'c-8'], ['c-1', 'c-1', 'c-8']],
      [['--identifier', 'c-2,c-3'], ['c-2', 'c-3']],
      [['--since', '2026-03-01T10:01:00Z'], ['c-7', 'c-8', 'c-10']],
      [['--until', '2026-03-01T10:01', '--status', 'success'], ['c-1', 'c-5', 'c-6']],
      [['--status', 'success', '--limit', '2'], ['c-1', 'c-5']],
    ];
    const answers = await Promise.all(cases.map(([args]) => identifiers(...args)));
    expect(Object.fromEntries(cases.map(([args], index) => [args.join(' '), answers[index]]))).toEqual(
      Object.fromEntries(cases.map(([args, expected]) => [args.join(' '), expected])),
    );
  });

  it('prints nothing and exits 0 when nothing matches', async () => {
    expect(await synctrack(['filter', bucket.run, '--identifier', 'nobody', '--json'])).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    const human = await synctrack(['filter', bucket.run, '--identifier', 'nobody']);
    expect(human).toMatchObject({ exitCode: 0, stdout: '' });
  });

  it('reads a run named by ids inside the bucket, and file:// URLs', async () => {
    const [byIds, byUrl, byPath] = await Promise.all([
      synctrack(['filter', bucket.dir, '--org', '11', '--sync', '22', '--run', '333', '--status', 'rejected', '--json']),
      synctrack(['filter', `file://${bucket.run}`, '--status', 'rejected', '--json']),
      synctrack(['filter', bucket.run, '--status', 'rejected', '--json']),
    ]);
    expect(byIds).toEqual(byPath);
    expect(byUrl).toEqual(byPath);
  });
});

describe('filter --columns', () => {
  it('prints only those fields, in the order given, under the dataset’s column names', async () => {
    const result = await synctrack(['filter', bucket.run, '--status', 'rejected', '--columns', 'statusMessage,identifier', '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        '{"status_message":"Invalid email: bad@example","identifier":"c-2"}',
        '{"status_message":"Invalid email: bad@example","identifier":"c-3"}',
        '{"status_message":"Record locked","identifier":"c-4"}',
        '{"status_message":"Invalid email: worse@example","identifier":"c-8"}',
        '',
      ].join('\n'),
    );
  });

  it('takes column names and `file` too, comma-separated or repeated', async () => {
    const result = await synctrack(['filter', bucket.run, '--identifier', 'c-8', '--columns', 'file, batch_ended_at', '--columns', 'record_payload,status', '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toBe(
      '{"file":"records_updated.1.parquet","batch_ended_at":"2026-03-01T10:05:20.000Z","record_payload":{"email":"c-8@example.com","n":14},"status":"rejected"}\n',
    );
    const fileOnly = await synctrack(['filter', bucket.run, '--status', 'invalid', '--limit', '2', '--columns', 'file', '--json']);
    expect(fileOnly).toEqual({ exitCode: 0, stdout: '{"file":"records_invalid.0.parquet"}\n{"file":"records_invalid.0.parquet"}\n', stderr: '' });
  });

  it('reads only the columns it prints: the payloads are left in storage', async () => {
    // Payloads of random text, so the files are many times larger than what one read of a footer takes.
    const dir = await mkdtemp(join(tmpdir(), 'synctrack-columns-'));
    try {
      const writer = new SyncRunWriter({ storage: createFsStorage({ root: dir }), run: { orgId: '1', syncId: '2', runId: '3' } });
      const at = new Date('2026-03-01T10:00:00Z');
      await writer.writeBatch(
        'records_updated',
        Array.from({ length: 2_000 }, (_, index) => ({
          identifier: `id-${index}`,
          payload: { text: randomBytes(200).toString('hex') },
          operation: 'upsert',
          status: 'succeeded',
          batchStartedAt: at,
          batchEndedAt: at,
        })),
      );
      let bytes = 0;
      const openStorage: StorageOpener = async (root, options) => {
        const opened = await defaultStorageOpener(root, options);
        const { storage } = opened;
        const counted = Object.create(storage) as StorageAdapter;
        counted.read = async (key, readOptions) => {
          const data = await storage.read(key, readOptions);
          bytes += data.length;
          return data;
        };
        return { ...opened, storage: counted };
      };
      const read = async (...args: string[]) => {
        bytes = 0;
        const result = await synctrack(['filter', join(dir, 'sync_tracking_datasets/1/2/3'), '--json', ...args], { openStorage });
        expect(result).toMatchObject({ exitCode: 0, stderr: '' });
        expect(jsonLines(result.stdout)).toHaveLength(2_000);
        return bytes;
      };
      const everything = await read();
      expect(everything).toBeGreaterThan(300_000);
      expect(await read('--columns', 'identifier,status')).toBeLessThan(everything / 10);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('find --json', () => {
  it('prints every record with the identifiers, duplicates included', async () => {
    const result = await synctrack(['find', bucket.run, 'c-5', 'c-8', 'missing', '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    // In file order: records_invalid.0 sorts before records_updated.0 (batch number, then type).
    expect(jsonLines(result.stdout)).toEqual([
      record('c-5', 9, 'update', 'DUPLICATE', 'Duplicate sync key', 'A', 'records_invalid.0.parquet'),
      record('c-5', 5, 'update', 'succeeded', null, 'A', 'records_updated.0.parquet'),
      record('c-8', 14, 'update', 'rejected', 'Invalid email: worse@example', 'B', 'records_updated.1.parquet'),
    ]);
  });

  it('prints nothing and exits 0 when no identifier is in the run', async () => {
    expect(await synctrack(['find', bucket.run, 'missing', '--json'])).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });
});

describe('sample --json', () => {
  it('draws distinct records, the same ones for the same seed', async () => {
    const [first, again] = await Promise.all([0, 1].map(() => synctrack(['sample', bucket.run, '--size', '4', '--seed', '7', '--json'])));
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe(again.stdout);
    const lines = jsonLines(first.stdout) as Array<{ record_payload: { n: number } | null }>;
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((line) => JSON.stringify(line))).size).toBe(4);
  });

  it('takes a whole number as its seed, nothing else', async () => {
    const result = await synctrack(['sample', bucket.run, '--seed', 'abc', '--json']);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toMatch(/^synctrack: option '--seed <n>' argument 'abc' is invalid\. expected a whole number, got "abc"/);
  });

  it('defaults to 100 records (all 15 here) and samples within a status', async () => {
    expect(jsonLines((await synctrack(['sample', bucket.run, '--json'])).stdout)).toHaveLength(15);
    const rejected = jsonLines((await synctrack(['sample', bucket.run, '--status', 'rejected', '--size', '10', '--json'])).stdout);
    expect(rejected.map((line) => (line as { status: string }).status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
  });
});

describe('summary --json', () => {
  it('prints one object: counts by status, outcome, operation and batch type, times, files, metadata', async () => {
    const result = await synctrack(['summary', bucket.run, '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
    const bytes = await fileBytes(bucket.run, ['records_invalid.0.parquet', 'records_updated.0.parquet', 'records_updated.1.parquet']);
    expect(JSON.parse(result.stdout)).toEqual({
      total: 15,
      by_status: [
        { status: 'succeeded', count: 5 },
        { status: 'rejected', count: 4 },
        { status: 'NULL', count: 3 },
        { status: 'DUPLICATE', count: 2 },
        { status: null, count: 1 },
      ],
      outcomes: { success: 5, rejected: 4, invalid: 6 },
      by_operation: [
        { operation: 'upsert', count: 9 },
        { operation: 'update', count: 5 },
        { operation: 'delete', count: 1 },
      ],
      by_batch_type: [
        { batch_type: 'records_invalid', files: 1, count: 6 },
        { batch_type: 'records_updated', files: 2, count: 9 },
      ],
      batch_started_at: { first: '2026-03-01T10:00:00.000Z', last: '2026-03-01T10:05:00.000Z' },
      batch_ended_at: { first: '2026-03-01T10:00:30.000Z', last: '2026-03-01T10:05:20.000Z' },
      files: 3,
      bytes,
      location: bucket.run,
      org_id: '11',
      sync_id: '22',
      run_id: '333',
      metadata: {
        organization_id: '11',
        workspace_id: 'w-1',
        sync_configuration_id: '22',
        sync_run_id: '333',
        source_type: 'snowflake',
        source_id: '5',
        destination_type: 'salesforce',
        destination_id: '6',
        destination_object_id: '7',
        run_started_at: '2026-03-01T09:59:00.000Z',
        record_payload_schema: { email: 'string', n: 'number' },
      },
    });
    expect(Object.keys(JSON.parse(result.stdout)).slice(0, 3)).toEqual(['total', 'by_status', 'outcomes']);
  });
});

describe('errors --json', () => {
  it('prints one array of message groups, largest first', async () => {
    const result = await synctrack(['errors', bucket.run, '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual([
      { status_message: 'Invalid email: bad@example', count: 2, examples: ['c-2', 'c-3'] },
      { status_message: 'Invalid email: worse@example', count: 1, examples: ['c-8'] },
      { status_message: 'Record locked', count: 1, examples: ['c-4'] },
    ]);
  });

  it('prints the same array across many slices of groups, and [] for a run without rejections', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synctrack-errors-'));
    try {
      const at = new Date('2026-03-01T10:00:00Z');
      const storage = createFsStorage({ root: dir });
      // 4,500 distinct messages: three slices of the output, some needing escapes.
      const rows = Array.from({ length: 4_500 }, (_, index) => ({
        identifier: `id-${index}`,
        payload: null,
        operation: 'upsert',
        status: 'rejected',
        statusMessage: index % 500 === 0 ? `Quote " and \\ in ${index}` : `Contact ${index} not found`,
        batchStartedAt: at,
        batchEndedAt: at,
      }));
      await new SyncRunWriter({ storage, run: { orgId: '1', syncId: '2', runId: '3' } }).writeBatch('records_updated', rows);
      const many = await synctrack(['errors', join(dir, 'sync_tracking_datasets', '1', '2', '3'), '--json']);
      expect(many.exitCode).toBe(0);
      const expected = rows
        .map((row) => ({ status_message: row.statusMessage, count: 1, examples: [row.identifier] }))
        .sort((a, b) => (a.status_message < b.status_message ? -1 : 1));
      expect(many.stdout).toBe(`${JSON.stringify(expected)}\n`);
      await new SyncRunWriter({ storage, run: { orgId: '1', syncId: '2', runId: '4' } }).writeBatch('records_updated', [{ ...rows[0]!, status: 'succeeded', statusMessage: null }]);
      const none = await synctrack(['errors', join(dir, 'sync_tracking_datasets', '1', '2', '4'), '--json']);
      expect(none).toMatchObject({ exitCode: 0, stdout: '[]\n' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('prints only the largest groups with --limit; a table says how many it left out, shares of every rejection', async () => {
    const [json, table] = await Promise.all([synctrack(['errors', bucket.run, '--limit', '2', '--json']), synctrack(['errors', bucket.run, '--limit', '2'])]);
    expect(JSON.parse(json.stdout).map((group: { status_message: string }) => group.status_message)).toEqual(['Invalid email: bad@example', 'Invalid email: worse@example']);
    expect(json.stderr).toBe('');
    expect(table.stdout).toContain('50.0%');
    expect(table.stdout).not.toContain('Record locked');
    expect(table.stderr).toBe('1 smaller group not shown (--limit 2)\n');
  });

  it('limits the examples per group', async () => {
    const result = await synctrack(['errors', bucket.run, '--examples', '1', '--json']);
    expect((JSON.parse(result.stdout) as Array<{ examples: string[] }>)[0]!.examples).toEqual(['c-2']);
  });

  it('folds messages into templates with --templates, saying how many messages each covers', async () => {
    const result = await synctrack(['errors', bucket.run, '--templates', '--json']);
    expect(result.exitCode).toBe(0);
    const groups = JSON.parse(result.stdout) as Array<{ status_message: string; count: number; messages: number }>;
    expect(groups.map(({ count, messages }) => ({ count, messages }))).toEqual([
      { count: 3, messages: 2 },
      { count: 1, messages: 1 },
    ]);
    expect(groups[1]!.status_message).toBe('Record locked');
  });
});

describe('runs --json', () => {
  it('prints one line per run, newest first, with counts by outcome', async () => {
    const result = await synctrack(['runs', bucket.dir, '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    const olderBytes = await fileBytes(bucket.olderRun, ['records_updated.0.parquet']);
    const newerBytes = await fileBytes(bucket.run, ['records_invalid.0.parquet', 'records_updated.0.parquet', 'records_updated.1.parquet']);
    expect(jsonLines(result.stdout)).toEqual([
      {
        org_id: '11',
        sync_id: '22',
        run_id: '333',
        location: bucket.run,
        started_at: '2026-03-01T09:59:00.000Z',
        total: 15,
        outcomes: { success: 5, rejected: 4, invalid: 6 },
        batch_started_at: { first: '2026-03-01T10:00:00.000Z', last: '2026-03-01T10:05:00.000Z' },
        batch_ended_at: { first: '2026-03-01T10:00:30.000Z', last: '2026-03-01T10:05:20.000Z' },
        files: 3,
        bytes: newerBytes,
        error: null,
        rejected_rate: 4 / 15,
        rejected_rate_change: 4 / 15 - 1 / 2,
        previous_run_id: '332',
        // Its files landed just now, and it is the sync's newest run.
        in_progress: true,
      },
      {
        org_id: '11',
        sync_id: '22',
        run_id: '332',
        location: bucket.olderRun,
        started_at: '2026-02-28T09:59:00.000Z',
        total: 2,
        outcomes: { success: 1, rejected: 1, invalid: 0 },
        batch_started_at: { first: '2026-02-28T10:00:00.000Z', last: '2026-02-28T10:00:00.000Z' },
        batch_ended_at: { first: '2026-02-28T10:00:10.000Z', last: '2026-02-28T10:00:10.000Z' },
        files: 1,
        bytes: olderBytes,
        error: null,
        rejected_rate: 1 / 2,
        rejected_rate_change: null,
        previous_run_id: null,
        in_progress: false,
      },
    ]);
  });

  it('takes an organization or sync folder, or --org and --sync, and --limit', async () => {
    const [all, syncFolder, orgFolder, flags, newest] = await Promise.all([
      synctrack(['runs', bucket.dir, '--json']),
      synctrack(['runs', `${bucket.dir}/sync_tracking_datasets/11/22`, '--json']),
      synctrack(['runs', `${bucket.dir}/sync_tracking_datasets/11`, '--json']),
      synctrack(['runs', bucket.dir, '--org', '11', '--sync', '22', '--json']),
      synctrack(['runs', bucket.dir, '--limit', '1', '--json']),
    ]);
    expect(syncFolder).toEqual(all);
    expect(orgFolder).toEqual(all);
    expect(flags).toEqual(all);
    // The newest run only, still linked to the run before it.
    expect(jsonLines(newest.stdout).map((line) => [(line as { run_id: string }).run_id, (line as { previous_run_id: string }).previous_run_id])).toEqual([['333', '332']]);
  });
});

describe('--json keeps stdout machine-readable', () => {
  it.each([
    ['summary'],
    ['errors'],
    ['filter'],
    ['sample'],
    ['runs'],
  ])('%s --json: every stdout line is JSON, even on a terminal', async (command) => {
    const location = command === 'runs' ? bucket.dir : bucket.run;
    const result = await synctrack([command, location, '--json'], { stdoutTTY: true, stderrTTY: true, env: { FORCE_COLOR: '1' } });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('\u001b[');
    expect(() => jsonLines(result.stdout)).not.toThrow();
    expect(jsonLines(result.stdout).length).toBeGreaterThan(0);
  });

  it('errors stay on stderr with --json', async () => {
    const result = await synctrack(['summary', `${bucket.dir}/nowhere`, '--json']);
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^synctrack: .*nowhere/);
  });
});
