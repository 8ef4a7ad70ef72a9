// Where decode workers come from, and what a failure of theirs is called. A bundled app (esbuild)
// that ships the worker as its own entry beside its bundle reads a run with plain node; a scan
// works under `node --input-type=module -e` (workers do not inherit the flags that broke them); a
// worker that cannot start is INTERNAL, not the file's fault; a corrupt data page is INVALID_DATA
// naming the file, the row group and the column.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  SyncRunWriter,
  SyncTrackError,
  SyncTrackingClient,
  type RunIds,
  type StorageAdapter,
  type SyncRecordInput,
} from '../src/index.js';
import { DecodePool } from '../src/internal.js';
import { fileRegions } from './fuzz/mutations.js';
import { repoCacheFolder } from './support/bundle-decode-worker.js';
import { SOURCE_DECODE_WORKER } from './support/source-decode-worker.js';

const run = promisify(execFile);
const fsPackage = '@synctrack/storage-fs';
const { FsStorage } = (await import(/* @vite-ignore */ fsPackage)) as { FsStorage: new (options: { root: string }) => StorageAdapter };

/** A path in core's package folder (`src/…`), or beyond it (`../storage-fs/…`). */
const source = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const RUN: RunIds = { orgId: 'org1', syncId: 'sync1', runId: 'run1' };
const FILE = 'records_updated.0.parquet';

let root: string;
let storage: StorageAdapter;
const pools: DecodePool[] = [];

function records(count: number): SyncRecordInput[] {
  return Array.from({ length: count }, (_, i) => ({
    identifier: `cust-${i}`,
    payload: { id: i },
    operation: 'upsert',
    status: i % 4 === 0 ? 'rejected' : 'succeeded',
    statusMessage: i % 4 === 0 ? 'Invalid email address' : null,
    batchStartedAt: new Date(Date.UTC(2024, 4, 1)),
    batchEndedAt: new Date(Date.UTC(2024, 4, 1, 0, 1)),
  }));
}

function pool(options: ConstructorParameters<typeof DecodePool>[0] = {}): DecodePool {
  const created = new DecodePool({ inlineTaskBytes: 0, ...options });
  pools.push(created);
  return created;
}

async function failure(action: Promise<unknown>): Promise<SyncTrackError> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(SyncTrackError.isInstance(error), `expected a SyncTrackError, got ${String(error)}`).toBe(true);
  return error as SyncTrackError;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'synctrack-worker-start-'));
  storage = new FsStorage({ root });
  // zstd: only parquet-wasm reads it, and only in a worker.
  const writer = new SyncRunWriter({ storage, run: RUN, compression: 'zstd' });
  await writer.writeMetadata();
  await writer.writeBatch('records_updated', records(200));
});

afterAll(async () => {
  await Promise.all(pools.map((created) => created.close()));
  await rm(root, { recursive: true, force: true });
});

describe('decode workers', () => {
  test('a consumer bundled with esbuild, its worker an entry of its own beside the bundle, reads a run with plain node', async () => {
    const folder = await repoCacheFolder('bundle');
    try {
      await writeFile(
        join(folder, 'app.mjs'),
        `import { SyncTrackingClient } from '@synctrack/core';
import { DecodePool } from '@synctrack/core/internal';
import { FsStorage } from '@synctrack/storage-fs';
const run = ${JSON.stringify(RUN)};
const decodePool = new DecodePool({ inlineTaskBytes: 0 });
const client = new SyncTrackingClient({ storage: new FsStorage({ root: process.argv[2] }), decodePool });
const summary = await client.summary(run);
const found = await client.find(run, ['cust-7', 'cust-8']);
console.log(JSON.stringify({ total: summary.total, byStatus: summary.byStatus, found: found.map((record) => record.payload) }));
await decodePool.close();
`,
      );
      await build({
        entryPoints: [
          { in: join(folder, 'app.mjs'), out: 'app' },
          // What the README asks of a bundled app: the worker as an entry named decode-worker.
          { in: source('src/scan/decode-worker.ts'), out: 'decode-worker' },
        ],
        outdir: join(folder, 'out'),
        bundle: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        // Built from source here; an app bundles the published package the same way.
        alias: {
          '@synctrack/core/internal': source('src/internal.ts'),
          '@synctrack/core': source('src/index.ts'),
          '@synctrack/storage-fs': source('../storage-fs/src/index.ts'),
        },
        external: ['parquet-wasm'],
        logLevel: 'error',
      });
      expect(await readFile(join(folder, 'out/app.js'), 'utf8')).not.toContain('tsx');
      const { stdout } = await run(process.execPath, [join(folder, 'out/app.js'), root], { timeout: 60_000 });
      expect(JSON.parse(stdout)).toEqual({
        total: 200,
        byStatus: [
          { status: 'succeeded', count: 150 },
          { status: 'rejected', count: 50 },
        ],
        found: [{ id: 7 }, { id: 8 }],
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('a scan works under node --input-type=module -e (workers do not inherit -e and --input-type)', async () => {
    const code = `
      import { SyncTrackingClient } from ${JSON.stringify(source('src/index.ts'))};
      import { DecodePool } from ${JSON.stringify(source('src/internal.ts'))};
      import { FsStorage } from ${JSON.stringify(source('../storage-fs/src/index.ts'))};
      DecodePool.defaultWorkerUrl = new URL(${JSON.stringify(SOURCE_DECODE_WORKER.href)});
      const decodePool = new DecodePool({ inlineTaskBytes: 0 });
      const client = new SyncTrackingClient({ storage: new FsStorage({ root: ${JSON.stringify(root)} }), decodePool });
      console.log((await client.summary(${JSON.stringify(RUN)})).total);
      await decodePool.close();`;
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: source('../..'), timeout: 60_000 });
    expect(stdout.trim()).toBe('200');
  });

  test('a worker that cannot start is INTERNAL, with a report hint, never the file’s fault', async () => {
    const client = new SyncTrackingClient({ storage, decodePool: pool({ workerUrl: new URL('./no-such-decode-worker.js', import.meta.url) }) });
    const error = await failure(client.summary(RUN));
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/decode worker could not start .*please report it/);
    expect(error.context.file).toContain(FILE);
  });

  test('a worker URL that is not a file is INTERNAL too', async () => {
    const client = new SyncTrackingClient({ storage, decodePool: pool({ workerUrl: 'https://example.com/decode-worker.js' }) });
    expect((await failure(client.summary(RUN))).code).toBe('INTERNAL');
  });
});

describe('a corrupt data page', () => {
  test.each(['snappy', 'zstd'] as const)('behind a good footer is INVALID_DATA naming the file and row group (%s)', async (compression) => {
    const run: RunIds = { ...RUN, runId: `corrupt-${compression}` };
    const writer = new SyncRunWriter({ storage, run, compression });
    const key = await writer.writeBatch('records_updated', records(300));
    const bytes = await storage.read(key);
    // Every data page's middle bytes flipped: headers and footer intact.
    for (const region of fileRegions(bytes).filter((candidate) => candidate.kind === 'data-page')) {
      for (let at = region.start + ((region.end - region.start) >> 2); at < region.end - 1; at += 3) bytes[at] = bytes[at]! ^ 0x5a;
    }
    await storage.write!(key, bytes);
    const client = new SyncTrackingClient({ storage, decodePool: pool() });
    for (const action of [() => client.summary(run), () => client.find(run, 'cust-5'), () => client.errors(run)]) {
      const error = await failure(action());
      expect(error.code, error.message).toBe('INVALID_DATA');
      expect(error.message).toContain(FILE);
      expect(error.message).toMatch(/row group \d+/);
      // The JavaScript decoder reads snappy and names what is wrong; parquet-wasm's panics on zstd
      // are checked as far as they can be, and the message may say what could not be checked.
      if (compression === 'snappy') expect(error.message).toMatch(/could not be read: column \w+: /);
    }
  });
});
