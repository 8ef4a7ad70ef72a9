// What people see: tables and cards on stdout, colour only on a terminal (NO_COLOR and FORCE_COLOR
// respected), notes on stderr, and a quiet stop when the reader of stdout goes away.
import { Writable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, writeFactTables } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { runCli } from '../src/index.js';
import { CapturedStream, jsonLines, synctrack } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
});

afterAll(async () => {
  await bucket.remove();
});

const ESC = '\u001b[';

describe('tables', () => {
  it('summary names the source and destination from the organization’s fact tables, as the viewer does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'synctrack-named-'));
    try {
      const storage = createFsStorage({ root: dir });
      const run = { orgId: '4821', syncId: '120', runId: '7' };
      const writer = new SyncRunWriter({ storage, run });
      await writer.writeMetadata({ source_id: '9001', source_type: 'DataWarehouse::Query', destination_id: '31', destination_type: 'Salesforce::Connection', destination_object_id: '77' });
      await writer.writeBatch('records_updated', [{ identifier: 'c-1', payload: null, operation: 'upsert', status: 'succeeded', batchStartedAt: new Date(0), batchEndedAt: new Date(0) }]);
      await writeFactTables({
        storage,
        orgId: '4821',
        tables: {
          sourceObjects: [{ id: '9001', type: 'DataWarehouse::Query', name: 'dim_customers', modelId: null, businessObjectId: null, filterSegmentId: null, cohortId: null }],
          destinations: [{ id: '31', type: 'Salesforce::Connection', name: 'Salesforce production' }],
          destinationObjects: [{ id: '77', type: 'Salesforce::ObjectTypes::Contact', name: 'Contact' }],
        },
      });
      const lines = (await synctrack(['summary', join(dir, 'sync_tracking_datasets/4821/120/7')])).stdout.split('\n');
      expect(lines.filter((line) => /^(Source|Destination) /.test(line))).toEqual([
        'Source       dim_customers (model, id 9001)',
        'Destination  Salesforce production (Salesforce, id 31) · Contact (id 77)',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('summary', async () => {
    const result = await synctrack(['summary', bucket.run]);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout.split('\n')).toEqual([
      `Run          ${bucket.run}`,
      '             org 11 · sync 22 · run 333',
      'Started      2026-03-01 09:59:00 UTC',
      'Source       snowflake (id 5)',
      'Destination  salesforce (id 6) · object 7',
      expect.stringMatching(/^Records      15 in 3 files, \d+\.\d KiB$/),
      'Batches      2026-03-01 10:00:00 → 10:05:20 UTC',
      '',
      'OUTCOME   RECORDS  SHARE',
      'success         5  33.3%',
      'rejected        4  26.7%',
      'invalid         6  40.0%',
      '',
      'STATUS     RECORDS  SHARE',
      'succeeded        5  33.3%',
      'rejected         4  26.7%',
      'NULL             3  20.0%',
      'DUPLICATE        2  13.3%',
      '(null)           1   6.7%',
      '',
      'OPERATION  RECORDS  SHARE',
      'upsert           9  60.0%',
      'update           5  33.3%',
      'delete           1   6.7%',
      '',
      'BATCH TYPE       FILES  RECORDS',
      'records_invalid      1        6',
      'records_updated      2        9',
      '',
    ]);
  });

  it('errors, with and without templates', async () => {
    const result = await synctrack(['errors', bucket.run]);
    expect(result.stdout).toBe(
      [
        'RECORDS  SHARE  MESSAGE                       EXAMPLES',
        '      2  50.0%  Invalid email: bad@example    c-2, c-3',
        '      1  25.0%  Invalid email: worse@example  c-8',
        '      1  25.0%  Record locked                 c-4',
        '',
      ].join('\n'),
    );
    const templates = await synctrack(['errors', bucket.run, '--templates']);
    expect(templates.stdout.split('\n')[0]).toBe('RECORDS  SHARE  VARIANTS  MESSAGE                 EXAMPLES');
  });

  it('filter rows, and a note on stderr when nothing matches', async () => {
    const result = await synctrack(['filter', bucket.run, '--status', 'DUPLICATE']);
    expect(result.stdout).toBe(
      [
        'IDENTIFIER  STATUS     OPERATION  BATCH STARTED            FILE                       MESSAGE',
        'c-1         DUPLICATE  upsert     2026-03-01 10:00:00 UTC  records_invalid.0.parquet  Duplicate sync key',
        'c-5         DUPLICATE  update     2026-03-01 10:00:00 UTC  records_invalid.0.parquet  Duplicate sync key',
        '',
      ].join('\n'),
    );
    expect(await synctrack(['filter', bucket.run, '--identifier', 'nobody'])).toEqual({ exitCode: 0, stdout: '', stderr: 'No records match.\n' });
  });

  it('filter rows with --columns: those columns only, in that order', async () => {
    const result = await synctrack(['filter', bucket.run, '--status', 'DUPLICATE', '--columns', 'statusMessage,identifier,payload,batchEndedAt']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(result.stdout).toBe(
      [
        'MESSAGE             IDENTIFIER  PAYLOAD                            BATCH ENDED',
        'Duplicate sync key  c-1         {"email":"c-1@example.com","n":8}  2026-03-01 10:00:30 UTC',
        'Duplicate sync key  c-5         {"email":"c-5@example.com","n":9}  2026-03-01 10:00:30 UTC',
        '',
      ].join('\n'),
    );
  });

  it('find cards with the payload, and the identifiers not found on stderr', async () => {
    const result = await synctrack(['find', bucket.run, 'c-8', 'nobody']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      [
        'identifier  c-8',
        'status      rejected',
        'operation   update',
        'message     Invalid email: worse@example',
        'batch       2026-03-01 10:05:00 → 10:05:20 UTC',
        'file        records_updated.1.parquet, row 1',
        'payload     {',
        '              "email": "c-8@example.com",',
        '              "n": 14',
        '            }',
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('Not in this run: nobody\n');
  });

  it('runs', async () => {
    const result = await synctrack(['runs', bucket.dir]);
    const lines = result.stdout.trimEnd().split('\n');
    // Run 333's files landed just now: it is the newest run, so it may still be being written.
    expect(lines[0]).toBe('ORG  SYNC  RUN                STARTED                  RECORDS  SUCCESS  REJECTED  INVALID  REJECTED %     CHANGE  FILES     SIZE');
    expect(lines[1]).toMatch(/^11   22    333 \(in progress\)  2026-03-01 09:59:00 UTC       15        5         4        6       26\.7%  ▼ 23\.3 pp      3  +\d+\.\d KiB$/);
    expect(lines[2]).toMatch(/^11   22    332                2026-02-28 09:59:00 UTC        2        1         1        0       50\.0% +1  +\d+\.\d KiB$/);
  });
});

describe('colour', () => {
  const summary = (options: Parameters<typeof synctrack>[1]) => synctrack(['summary', bucket.run], options);

  it('only on a terminal', async () => {
    expect((await summary({ stdoutTTY: false })).stdout).not.toContain(ESC);
    expect((await summary({ stdoutTTY: true })).stdout).toContain(ESC);
  });

  it('NO_COLOR turns it off on a terminal, FORCE_COLOR on in a pipe', async () => {
    expect((await summary({ stdoutTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(ESC);
    expect((await summary({ stdoutTTY: false, env: { FORCE_COLOR: '1' } })).stdout).toContain(ESC);
    expect((await summary({ stdoutTTY: true, env: { FORCE_COLOR: '0' } })).stdout).not.toContain(ESC);
  });

  it('error lines are coloured by stderr’s own terminal', async () => {
    const missing = join(bucket.dir, 'missing');
    expect((await synctrack(['summary', missing], { stderrTTY: true })).stderr).toContain(ESC);
    expect((await synctrack(['summary', missing], { stdoutTTY: true })).stderr).not.toContain(ESC);
  });
});

describe('a reader that goes away', () => {
  /** Accepts the first write, then fails like a closed pipe. */
  class ClosingPipe extends Writable {
    text = '';
    override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error) => void): void {
      if (this.text !== '') {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
        return;
      }
      this.text += chunk.toString();
      callback();
    }
  }

  it('stops the filter and exits 0 with nothing on stderr', async () => {
    const stdout = new ClosingPipe();
    const stderr = new CapturedStream();
    const exitCode = await runCli(['filter', bucket.run, '--json'], { stdout, stderr, env: {} });
    expect(exitCode).toBe(0);
    expect(stderr.text).toBe('');
    // What reached the reader is whole lines from the start of the output (stdout goes out in chunks).
    const whole = await synctrack(['filter', bucket.run, '--json']);
    expect(jsonLines(stdout.text).length).toBeGreaterThan(0);
    expect(whole.stdout.startsWith(stdout.text)).toBe(true);
  });
});

describe('help', () => {
  it.each(['runs', 'summary', 'filter', 'find', 'history', 'index', 'sample', 'errors', 'export', 'demo', 'ui'])('%s --help shows usage and examples', async (command) => {
    const result = await synctrack([command, '--help']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(`Usage: synctrack ${command}`);
    expect(result.stdout).toMatch(/Examples:\n {2}# .+\n {2}\$ synctrack /);
    expect(result.stdout).toContain('--json');
  });

  it('--version prints the package version', async () => {
    const result = await synctrack(['--version']);
    expect(result).toEqual({ exitCode: 0, stdout: '0.1.0\n', stderr: '' });
  });
});

describe('demo', () => {
  it('builds a bucket and suggests commands that work on it', async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'synctrack-demo-'));
    try {
      const result = await synctrack(['demo', 'bucket', '--scale', '0.02'], { cwd });
      expect(result).toMatchObject({ exitCode: 0, stderr: '' });
      expect(result.stdout).toMatch(/^Built the demo bucket at \.\/bucket: \d+ organizations, \d+ syncs, \d+ runs/);
      const suggestions = result.stdout.split('\n').filter((line) => line.startsWith('  synctrack ')).map((line) => line.trim().split(' ').slice(1));
      expect(suggestions.map((argv) => argv[0])).toEqual(['runs', 'summary', 'errors', 'filter', 'sample', 'export', 'find', 'diff', 'history', 'check']);
      for (const argv of suggestions) {
        const run = await synctrack(argv, { cwd });
        // check's suggestion shows a broken rule: the newest complete run has a new error template.
        expect({ argv, exitCode: run.exitCode, stderr: run.stderr }).toEqual({ argv, exitCode: argv[0] === 'check' ? 8 : 0, stderr: '' });
      }
      const again = await synctrack(['demo', 'bucket', '--scale', '0.02', '--json'], { cwd });
      const bucketJson = JSON.parse(again.stdout) as { built: boolean; dir: string; runs: Array<{ location: string }> };
      expect(bucketJson).toMatchObject({ built: false, dir: join(cwd, 'bucket') });
      expect(bucketJson.runs.length).toBeGreaterThan(0);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });
});
