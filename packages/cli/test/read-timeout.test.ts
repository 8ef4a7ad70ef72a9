// --read-timeout: validated as a usage error, handed to the storage adapter, and what bounds a command
// against an S3 endpoint that accepts connections and never answers: exit code 6 in bounded time,
// with one line on stderr saying how many attempts were made — in-process and as the built executable.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '@synctrack/core';
import { startSilentEndpoint, type SilentEndpoint } from '@synctrack/storage-conformance';
import { EXIT_CODES } from '../src/index.js';
import { buildIfStale } from './built-cli.js';
import { synctrack } from './cli-harness.js';
import type { StorageOpenOptions } from '../src/location/storage-opener.js';

const RUN = 's3://synctrack-cli/exports/sync_tracking_datasets/7/8/9';
// The AWS SDK reads credentials from process.env whatever env the adapter is given.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' } as const;
const savedCredentials = Object.fromEntries(Object.keys(CREDENTIALS).map((name) => [name, process.env[name]]));
// Four attempts (the S3 adapter's default), each waiting out 1 s, plus backoff and start-up.
const BOUND_MS = 12_000;

let silent: SilentEndpoint;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  silent = await startSilentEndpoint();
  Object.assign(process.env, CREDENTIALS);
  env = { AWS_ENDPOINT_URL_S3: silent.url, AWS_REGION: 'us-east-1', ...CREDENTIALS };
});

afterAll(async () => {
  await silent.stop();
  for (const [name, value] of Object.entries(savedCredentials)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('--read-timeout', () => {
  it.each(['0', '-1', 'soon', '', '1e3'])('refuses %j as a usage error naming the option', async (value) => {
    const result = await synctrack(['summary', RUN, '--read-timeout', value], { env });
    expect(result.exitCode).toBe(EXIT_CODES.usage);
    expect(result.stderr).toMatch(/^synctrack: option '--read-timeout <seconds>' argument .* is invalid\. expected a positive number of seconds/);
    expect(silent.connections).toBe(0);
  });

  it('reaches the storage opener in milliseconds: 30 s by default, fractions allowed', async () => {
    const seen: StorageOpenOptions[] = [];
    const openStorage = async (_root: string, options: StorageOpenOptions) => {
      seen.push(options);
      return { storage: new MemoryStorage({ location: 's3://synctrack-cli' }), prefix: '' };
    };
    await synctrack(['summary', RUN], { env, openStorage });
    await synctrack(['runs', 's3://synctrack-cli', '--read-timeout', '2.5'], { env, openStorage });
    await synctrack(['--read-timeout', '0.5', 'errors', RUN], { env, openStorage });
    expect(seen.map((options) => options.readTimeoutMs)).toEqual([30_000, 2_500, 500]);
  });

  it(
    'bounds summary against an S3 endpoint that never answers: exit 6, one line on stderr',
    async () => {
      const before = silent.connections;
      const started = Date.now();
      const result = await synctrack(['summary', RUN, '--read-timeout', '1'], { env });
      const elapsed = Date.now() - started;
      expect(result.exitCode).toBe(EXIT_CODES.storageUnavailable);
      expect(result.stdout).toBe('');
      const lines = result.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^synctrack: Could not \w+ s3:\/\/synctrack-cli\/exports\/\S* after 4 attempts: TimeoutError/);
      expect(silent.connections - before).toBe(4);
      expect(elapsed).toBeGreaterThanOrEqual(4 * 900);
      expect(elapsed).toBeLessThan(BOUND_MS);
    },
    2 * BOUND_MS,
  );

  it('bounds the built executable the same way: the process exits 6 on its own', async () => {
    const packageDir = fileURLToPath(new URL('..', import.meta.url));
    // Under the root `npm test` turbo has built every package; run alone, build what the bin loads here.
    buildIfStale(['cli', 'core', 'storage-s3']);
    const started = Date.now();
    const result = await new Promise<{ exitCode: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['dist/bin.js', 'summary', RUN, '--read-timeout', '1'], {
        cwd: packageDir,
        // Node 20 only: the AWS SDK warns on stderr that it will need Node 22.
        env: { ...process.env, ...env, NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 3 * BOUND_MS);
      child.on('error', reject);
      child.on('close', (exitCode) => {
        clearTimeout(timer);
        resolve({ exitCode, stdout, stderr });
      });
    });
    const elapsed = Date.now() - started;
    expect(result.exitCode, result.stderr).toBe(EXIT_CODES.storageUnavailable);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^synctrack: Could not \w+ s3:\/\/synctrack-cli\/exports\/\S* after 4 attempts: TimeoutError[^\n]*\n$/);
    expect(elapsed).toBeLessThan(BOUND_MS);
  }, 180_000);
});
