// The built executable as a whole process: what `npx synctrack` runs (built first when stale:
// built-cli.ts).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncRunWriter, type SyncRecordInput } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { buildIfStale, builtBin, installedBin, packageDir } from './built-cli.js';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

interface ProcessResult {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], options: { firstLineOnly?: boolean; nodeOptions?: string[] } = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeOptions ?? []), bin, ...args], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      // Like `| head -n 1`: read one line, then close the pipe while the CLI is still writing.
      if (options.firstLineOnly && stdout.includes('\n')) {
        stdout = stdout.slice(0, stdout.indexOf('\n') + 1);
        child.stdout.destroy();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
  });
}

interface Import {
  parent: string | null;
  url: string;
}

/** Runs the built CLI and returns every import it resolved (through the hooks in import-log-hooks.mjs). */
async function importsOf(args: string[]): Promise<Import[]> {
  const log = join(bucket.dir, `imports-${Math.random().toString(36).slice(2)}.jsonl`);
  const hooks = pathToFileURL(join(packageDir, 'test/import-log-hooks.mjs')).href;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(hooks)}, { data: { log: ${JSON.stringify(log)} } });`;
  const result = await run(builtBin, args, { nodeOptions: ['--import', `data:text/javascript,${encodeURIComponent(register)}`] });
  expect(result).toMatchObject({ exitCode: 0, stderr: '' });
  return readFileSync(log, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Import);
}

/** What only some commands need: the viewer (hono), the Parquet and CSV export libraries, the progress bar. */
const HEAVY = /\/(node_modules\/(hono|@hono\/node-server|apache-arrow|parquet-wasm|csv-stringify|cli-progress)|packages\/(viewer|demo))\//;

/** The heavy modules the CLI's own files import (core's imports are core's business). */
function heavyImportsOfTheCli(imports: Import[]): string[] {
  return imports.filter(({ parent, url }) => parent?.includes('/packages/cli/') === true && HEAVY.test(url)).map(({ url }) => url);
}

let bucket: FixtureBucket;
let largeRun: string;

beforeAll(async () => {
  buildIfStale();
  bucket = await writeFixtureBucket();
  const storage = createFsStorage({ root: bucket.dir });
  const writer = new SyncRunWriter({ storage, run: { orgId: '11', syncId: '23', runId: '1' } });
  const at = new Date('2026-03-01T00:00:00Z');
  const records: SyncRecordInput[] = Array.from({ length: 40_000 }, (_, index) => ({
    identifier: `id-${index}`,
    payload: { index, note: 'x'.repeat(40) },
    operation: 'upsert',
    status: 'succeeded',
    batchStartedAt: at,
    batchEndedAt: at,
  }));
  await writer.writeBatch('records_updated', records);
  largeRun = join(bucket.dir, 'sync_tracking_datasets/11/23/1');
});

afterAll(async () => {
  await bucket?.remove();
});

describe('the synctrack executable', () => {
  it('prints its version', async () => {
    expect(await run(builtBin, ['--version'])).toEqual({ exitCode: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('runs through the installed bin shim', async () => {
    const result = await run(installedBin, ['summary', bucket.run, '--json']);
    expect(result).toMatchObject({ exitCode: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 15, outcomes: { success: 5, rejected: 4, invalid: 6 } });
  });

  it('exits 0 quietly when the reader closes the pipe early (| head -n 1)', async () => {
    const result = await run(builtBin, ['filter', largeRun, '--json'], { firstLineOnly: true });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ identifier: 'id-0', status: 'succeeded' });
  });

  it('streams a long filter to the end', async () => {
    const result = await run(builtBin, ['filter', largeRun, '--json']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toHaveLength(40_000);
  });

  it('reports a missing run in one line with exit code 3', async () => {
    const missing = join(bucket.dir, 'sync_tracking_datasets/11/22/404');
    const result = await run(builtBin, ['summary', missing]);
    expect(result).toEqual({ exitCode: 3, stdout: '', stderr: expect.stringMatching(/^synctrack: No sync run at .*\/404[^\n]*\n$/) });
  });

  it('exits 2 on a bad option value', async () => {
    const result = await run(builtBin, ['sample', bucket.run, '--size', '-1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/^synctrack: option '--size <n>' argument '-1' is invalid/);
  });

  it('runs --version without loading the viewer, Arrow, parquet-wasm, csv-stringify or cli-progress, through core or otherwise', async () => {
    const imports = await importsOf(['--version']);
    expect(imports.filter(({ url }) => HEAVY.test(url)).map(({ url }) => url)).toEqual([]);
  });

  it('loads neither the viewer nor the export and progress-bar libraries for commands that do not use them', async () => {
    for (const args of [['--version'], ['summary', bucket.run, '--json'], ['filter', bucket.run, '--json']]) {
      const imports = await importsOf(args);
      expect(heavyImportsOfTheCli(imports), args.join(' ')).toEqual([]);
      expect(imports.filter(({ url }) => /\/node_modules\/(hono|@hono\/node-server)\/|\/packages\/viewer\//.test(url)), args.join(' ')).toEqual([]);
    }
  });

  it('loads the Parquet writer for a Parquet export (the import log sees lazy imports)', async () => {
    const out = join(bucket.dir, 'lazy-export.parquet');
    const imports = await importsOf(['export', bucket.run, '--out', out, '--json']);
    // The CLI imports Arrow for its tables; core's Parquet writer (encodeParquetStream) imports parquet-wasm.
    expect(heavyImportsOfTheCli(imports)).toEqual(expect.arrayContaining([expect.stringContaining('/node_modules/apache-arrow/')]));
    expect(imports.map(({ url }) => url)).toEqual(expect.arrayContaining([expect.stringContaining('/node_modules/parquet-wasm/')]));
  });
});
