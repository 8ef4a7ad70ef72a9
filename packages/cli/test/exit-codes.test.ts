// Bad input gives one line on stderr naming what and where, and an exit code from the documented table.
import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfigInvalidError,
  InternalError,
  MemoryStorage,
  PermissionDeniedError,
  StorageUnavailableError,
  SyncTrackError,
  type StorageAdapter,
} from '@synctrack/core';
import { EXIT_CODES, EXIT_CODE_TABLE, exitCodeForError } from '../src/index.js';
import { synctrack, type CliResult } from './cli-harness.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

let bucket: FixtureBucket;
let corrupt: FixtureBucket;

beforeAll(async () => {
  bucket = await writeFixtureBucket();
  corrupt = await writeFixtureBucket();
  // Cut a record file in half: its footer is gone.
  const file = join(corrupt.run, 'records_updated.1.parquet');
  const { length } = await readFile(file);
  await truncate(file, Math.floor(length / 2));
  await writeFile(join(corrupt.olderRun, 'metadata.json'), '{"sync_run_start_time": ');
});

afterAll(async () => {
  await bucket.remove();
  await corrupt.remove();
});

function expectOneErrorLine(result: CliResult, exitCode: number, pattern: RegExp): void {
  expect(result.exitCode).toBe(exitCode);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^synctrack: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

/** A storage adapter whose every call fails with `error`, as a cloud adapter does without credentials. */
function failingStorage(error: Error): StorageAdapter {
  const memory = new MemoryStorage({ location: 's3://acme-census' });
  const fail = async () => {
    throw error;
  };
  return { ...memory, specificationVersion: 'v1', name: 's3', location: memory.location, capabilities: memory.capabilities, list: fail, stat: fail, read: fail };
}

describe('usage errors exit 2', () => {
  it.each([
    [['filter', '<run>', '--status', 'bogus'], /--status.*unknown status "bogus": use succeeded, rejected, NULL, DUPLICATE, success, invalid/],
    [['sample', '<run>', '--size', '-3'], /--size.*expected a positive whole number, got "-3"/],
    [['sample', '<run>', '--size', '0'], /--size.*expected a positive whole number/],
    [['filter', '<run>', '--limit', '2.5'], /--limit.*expected a positive whole number/],
    [['filter', '<run>', '--since', 'yesterday'], /--since.*ISO-8601/],
    [['filter', '<run>', '--message', '('], /--message.*not a valid regular expression/],
    [['filter', '<run>', '--status', 'rejected', '--status', 'NULL'], /outcomes .* or raw statuses .*, not both/],
    [['filter', '<run>', '--columns', 'identifier,outcome'], /--columns.*unknown field "outcome": use identifier, payload, operation, status, statusMessage, batchStartedAt, batchEndedAt, file \(see --help\)$/],
    [['export', '<run>', '--out', 'out.csv', '--columns', 'Identifier'], /--columns.*unknown field "Identifier": use identifier, payload, /],
    [['filter', '<run>', '--columns', 'statusMessage,status_message'], /--columns.*"status_message" is listed twice/],
    [['filter', '<run>', '--columns', ','], /--columns.*expected field names from identifier, payload, /],
    [['index', '<run>', '--columns', 'identifier'], /unknown option '--columns'/],
    [['summary', '<bucket>', '--org', '11', '--sync', '22'], /--org, --sync and --run go together/],
    [['summary', '<run>', '--org', '11', '--sync', '22', '--run', '333'], /the location is the bucket/],
    [['runs', '<bucket>', '--sync', '22'], /--sync needs --org/],
    [['runs', '<run>'], /is a run folder/],
    [['export', '<run>', '--out', 'records.txt'], /end the file name in \.csv, \.jsonl \(or \.ndjson\) or \.parquet/],
    [['export', '<run>'], /required option '--out <file>'/],
    [['find', '<run>'], /missing required argument 'identifier'/],
    [['bogus'], /unknown command 'bogus'/],
    [['summary', '<run>', '--bogus'], /unknown option '--bogus'/],
    [['summary', 's3://Not_A_Bucket/sync_tracking_datasets/1/2/3'], /Invalid storage location "s3:\/\/Not_A_Bucket.*not a valid S3 bucket name/],
    [['runs', 'ftp://host/bucket'], /unknown scheme ftp:\/\//],
  ])('%j', async (argv, pattern) => {
    const args = argv.map((arg) => (arg === '<run>' ? bucket.run : arg === '<bucket>' ? bucket.dir : arg));
    expectOneErrorLine(await synctrack(args, { cwd: bucket.dir }), EXIT_CODES.usage, pattern);
  });

  it('prints the help on stderr when no command is given', async () => {
    const result = await synctrack([]);
    expect(result.exitCode).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('Usage: synctrack');
  });
});

describe('not found exits 3', () => {
  it('a missing run', async () => {
    const missing = join(bucket.dir, 'sync_tracking_datasets/11/22/999');
    expectOneErrorLine(await synctrack(['summary', missing]), EXIT_CODES.notFound, new RegExp(`No sync run at ${missing}`));
  });

  it('a missing run named by ids', async () => {
    const result = await synctrack(['filter', bucket.dir, '--org', '11', '--sync', '22', '--run', '999']);
    expectOneErrorLine(result, EXIT_CODES.notFound, /No sync run at .*sync_tracking_datasets\/11\/22\/999/);
  });

  it('a bucket where a run was expected says so and how to list runs', async () => {
    const result = await synctrack(['summary', bucket.dir]);
    expectOneErrorLine(result, EXIT_CODES.notFound, new RegExp(`${bucket.dir} is a bucket, not a run: add --org, --sync and --run.*synctrack runs`));
  });

  it('an organization or sync folder where a run was expected says which it is', async () => {
    const sync = join(bucket.dir, 'sync_tracking_datasets/11/22');
    expectOneErrorLine(await synctrack(['filter', sync]), EXIT_CODES.notFound, new RegExp(`${sync} is a sync folder, not a run`));
    const org = join(bucket.dir, 'sync_tracking_datasets/11');
    expectOneErrorLine(await synctrack(['errors', org]), EXIT_CODES.notFound, /is an organization folder, not a run/);
  });

  it('a folder without sync tracking data', async () => {
    const result = await synctrack(['runs', join(bucket.dir, 'nowhere')]);
    expectOneErrorLine(result, EXIT_CODES.notFound, /No sync tracking data under .*nowhere/);
  });

  it('a sync without runs', async () => {
    const result = await synctrack(['runs', bucket.dir, '--org', '11', '--sync', '404']);
    expectOneErrorLine(result, EXIT_CODES.notFound, /No sync runs for sync 404 of organization 11/);
  });
});

describe('invalid data exits 4 and names the file', () => {
  it('a truncated Parquet file', async () => {
    const result = await synctrack(['summary', corrupt.run]);
    expectOneErrorLine(result, EXIT_CODES.invalidData, new RegExp(`${join(corrupt.run, 'records_updated.1.parquet')}`));
  });

  it('an unreadable metadata.json', async () => {
    const result = await synctrack(['summary', corrupt.olderRun]);
    expectOneErrorLine(result, EXIT_CODES.invalidData, new RegExp(`${join(corrupt.olderRun, 'metadata.json')} is not valid JSON`));
  });

  it('runs lists the readable runs, marks the unreadable one, and exits 4', async () => {
    const result = await synctrack(['runs', corrupt.dir, '--json']);
    expect(result.exitCode).toBe(EXIT_CODES.invalidData);
    const lines = result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as { run_id: string; error: { code: string } | null });
    expect(lines.map((line) => [line.run_id, line.error?.code ?? null])).toEqual([
      ['333', 'INVALID_DATA'],
      ['332', 'INVALID_DATA'],
    ]);
    expect(result.stderr).toMatch(/^synctrack: .*records_updated\.1\.parquet/);
  });
});

describe('storage failures', () => {
  it('missing credentials exit 5 with the adapter’s message', async () => {
    const denied = new PermissionDeniedError({
      message: 'No AWS credentials for s3://acme-census: set AWS_PROFILE or AWS_ACCESS_KEY_ID',
      context: { adapter: 's3', bucket: 'acme-census' },
    });
    const result = await synctrack(['summary', 's3://acme-census/sync_tracking_datasets/1/2/3'], {
      openStorage: async () => ({ storage: failingStorage(denied), prefix: '' }),
    });
    expectOneErrorLine(result, EXIT_CODES.permission, /No AWS credentials for s3:\/\/acme-census/);
  });

  it('missing storage settings from the real Azure adapter exit 5, before any request', async () => {
    const result = await synctrack(['summary', 'az://census/sync_tracking_datasets/1/2/3'], { env: {} });
    expectOneErrorLine(result, EXIT_CODES.permission, /No Azure storage account for container census: set AZURE_STORAGE_CONNECTION_STRING/);
  });

  it('missing Google Cloud credentials exit 5 at once, before any request (no metadata server probed)', async () => {
    const result = await synctrack(['runs', 'gs://my-bucket'], { env: { CLOUDSDK_CONFIG: '/nonexistent' } });
    expectOneErrorLine(result, EXIT_CODES.permission, /No Google Cloud credentials for gs:\/\/my-bucket\/.*: set GOOGLE_APPLICATION_CREDENTIALS or run `gcloud auth application-default login`/);
  });

  it('an adapter’s CONFIG_INVALID (no credentials, no region) exits 5', async () => {
    const noCredentials = new ConfigInvalidError({
      message: 'No AWS credentials for s3://acme-census: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run where a role is available',
      context: { adapter: 's3', bucket: 'acme-census' },
    });
    const result = await synctrack(['runs', 's3://acme-census'], { openStorage: async () => ({ storage: failingStorage(noCredentials), prefix: '' }) });
    expectOneErrorLine(result, EXIT_CODES.permission, /No AWS credentials/);
  });

  it('an unreachable service exits 6', async () => {
    const down = new StorageUnavailableError({ message: 'gs://acme-census did not answer after 3 attempts', retryable: true });
    const result = await synctrack(['runs', 'gs://acme-census'], { openStorage: async () => ({ storage: failingStorage(down), prefix: '' }) });
    expectOneErrorLine(result, EXIT_CODES.storageUnavailable, /did not answer/);
  });

  it('an unexpected error exits 1 without a stack trace, and with one under --debug', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const options = { openStorage: async () => ({ storage: failingStorage(bug), prefix: '' }) };
    const plain = await synctrack(['summary', 's3://acme-census/sync_tracking_datasets/1/2/3'], options);
    expectOneErrorLine(
      plain,
      EXIT_CODES.unexpected,
      /unexpected error: cannot read properties of undefined: this is a bug in synctrack .*please report it on the synctrack issue tracker, with the output of the same command run with --debug$/,
    );
    const debug = await synctrack(['summary', 's3://acme-census/sync_tracking_datasets/1/2/3', '--debug'], options);
    expect(debug.exitCode).toBe(EXIT_CODES.unexpected);
    expect(debug.stderr).toMatch(/TypeError: cannot read properties of undefined\n\s+at /);
  });

  it('an INTERNAL error exits 1 and asks for a report with the output of --debug, which shows its stack', async () => {
    const internal = new InternalError({ message: 'The decode worker could not start (Cannot find module /x/decode-worker.js)' });
    const options = { openStorage: async () => ({ storage: failingStorage(internal), prefix: '' }) };
    const plain = await synctrack(['summary', 's3://acme-census/sync_tracking_datasets/1/2/3'], options);
    expectOneErrorLine(plain, EXIT_CODES.unexpected, /could not start .*: this is a bug in synctrack .*please report it .*, with the output of the same command run with --debug$/);
    const debug = await synctrack(['summary', 's3://acme-census/sync_tracking_datasets/1/2/3', '--debug'], options);
    expect(debug.exitCode).toBe(EXIT_CODES.unexpected);
    expect(debug.stderr).toMatch(/please report it .*, with the stack below\n/);
    expect(debug.stderr).toMatch(/InternalError: The decode worker could not start.*\n\s+at /);
    expect(debug.stderr).toContain('code: INTERNAL');
  });

  it('--debug adds the stack and error context to typed errors too', async () => {
    const result = await synctrack(['summary', corrupt.run, '--debug']);
    expect(result.exitCode).toBe(EXIT_CODES.invalidData);
    expect(result.stderr).toMatch(/^synctrack: /);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr).toContain('code: INVALID_DATA');
  });
});

describe('ui', () => {
  it('refuses a port out of range as a usage error', async () => {
    const result = await synctrack(['ui', bucket.dir, '--port', '70000']);
    expect(result.exitCode).toBe(EXIT_CODES.usage);
    expect(result.stderr).toContain('expected a port from 0 to 65535');
  });
});

describe('the exit-code table', () => {
  it('maps every error code once, and documents every exit code', () => {
    const mapped = EXIT_CODE_TABLE.flatMap((row) => row.errorCodes);
    expect(new Set(mapped).size).toBe(mapped.length);
    expect(EXIT_CODE_TABLE.map((row) => row.exitCode)).toEqual(Object.values(EXIT_CODES));
    expect(exitCodeForError(new Error('plain'))).toBe(EXIT_CODES.unexpected);
    for (const row of EXIT_CODE_TABLE) {
      for (const code of row.errorCodes) expect(exitCodeForError(new SyncTrackError(code, { message: code }))).toBe(row.exitCode);
    }
    expect([...mapped].sort()).toEqual(
      [
        'ABORTED',
        'ADAPTER_NOT_INSTALLED',
        'CONFIG_INVALID',
        'INTERNAL',
        'INVALID_ARGUMENT',
        'INVALID_DATA',
        'NOT_FOUND',
        'PERMISSION_DENIED',
        'RANGE_NOT_SATISFIABLE',
        'STORAGE_UNAVAILABLE',
        'UNSUPPORTED',
      ].sort(),
    );
  });

  it('is printed by --help', async () => {
    const result = await synctrack(['--help']);
    expect(result.exitCode).toBe(0);
    for (const row of EXIT_CODE_TABLE) expect(result.stdout).toContain(`${String(row.exitCode).padStart(3)}  ${row.meaning}`);
  });
});
