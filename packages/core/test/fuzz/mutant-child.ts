// The process that runs the operations on mutants (forked by fuzz-runner.ts, with tsx): a hang or a
// crash here ends only this process, which the runner reports and replaces. For each mutant it
// lays out a run holding the mutated file in memory and runs every operation on it, reporting the
// start and the outcome of each, with its time and the process's memory.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncTrackError } from '../../src/errors/sync-track-error.js';
import { runPrefix } from '../../src/layout/sync-tracking-layout.js';
import { SyncTrackingClient } from '../../src/client/sync-tracking-client.js';
import { DecodePool } from '../../src/scan/decode-pool.js';
import { MemoryStorage } from '../../src/storage/memory-storage.js';
import { FUZZ_IDENTIFIERS } from './fuzz-seeds.js';
import type { ChildMessage, OperationName, ParentMessage } from './fuzz-protocol.js';

// The runner's bundle of the worker (see bundle-decode-worker.ts): mutants kill many workers.
DecodePool.defaultWorkerUrl = new URL(process.env.SYNCTRACK_FUZZ_DECODE_WORKER!);

const RUN = { orgId: 'org', syncId: 'sync', runId: 'run' };
const FILE_NAME = 'records_updated.0.parquet';

/**
 * Two pools, used in turn: the library's default (workers only) and the CLI's (the calling thread
 * decodes too). A mutant's file is a few KB, decoded in milliseconds: a quarter second's budget (not
 * the default 5) ends a worker caught in a loop sooner, and a starved machine still gets its retry
 * with 4x it (task-deadline.ts). A worker that loops burns a core until it is ended: with a second's
 * budget, the mutants that loop (35691 in every operation) cost the suite 10-25 CPU-s. The default
 * budget is task-deadline.test.ts's to test.
 */
const TASK_TIMEOUT_MS = 250;
const pools = [new DecodePool({ size: 1, taskTimeoutMs: TASK_TIMEOUT_MS }), new DecodePool({ size: 1, callerDecodes: true, taskTimeoutMs: TASK_TIMEOUT_MS })];
const indexDirectory = await mkdtemp(join(tmpdir(), 'synctrack-fuzz-index-'));

async function drain<T>(items: AsyncIterable<T>, each?: (item: T) => void): Promise<number> {
  let count = 0;
  for await (const item of items) {
    each?.(item);
    count++;
  }
  return count;
}

function operations(client: SyncTrackingClient, indexed: SyncTrackingClient): Array<[OperationName, () => Promise<unknown>]> {
  return [
    ['summary', () => client.summary(RUN)],
    ['errors', () => client.errors(RUN, { templates: true })],
    ['filter', () => drain(client.filter(RUN))],
    ['find', () => client.find(RUN, FUZZ_IDENTIFIERS)],
    ['sample', () => client.sample(RUN, { size: 25, seed: 7 })],
    ['filterJsonLines', () => drain(client.filterJsonLines(RUN, { outcome: 'rejected' }), (batch) => batch.release())],
    [
      'indexedFind',
      async () => {
        await indexed.buildIndex(RUN);
        return indexed.find(RUN, FUZZ_IDENTIFIERS);
      },
    ],
  ];
}

function send(message: ChildMessage): void {
  process.send!(message);
}

async function runMutant(index: number, bytes: Uint8Array, wanted: OperationName[], pool: DecodePool): Promise<void> {
  const storage = new MemoryStorage();
  const folder = runPrefix('', RUN);
  await storage.write(`${folder}metadata.json`, new TextEncoder().encode(JSON.stringify({ sync_run_id: RUN.runId })));
  await storage.write(`${folder}${FILE_NAME}`, bytes);
  const client = new SyncTrackingClient({ storage, decodePool: pool });
  const indexed = new SyncTrackingClient({ storage, decodePool: pool, index: { directory: indexDirectory } });
  for (const [operation, run] of operations(client, indexed).filter(([name]) => wanted.includes(name))) {
    send({ type: 'start', index, operation });
    const started = performance.now();
    let outcome: ChildMessage & { type: 'end' };
    try {
      await run();
      outcome = { type: 'end', index, operation, outcome: 'completed', ms: 0, rss: 0 };
    } catch (error) {
      if (SyncTrackError.isInstance(error)) {
        outcome = { type: 'end', index, operation, outcome: 'typed', code: error.code, namesFile: error.message.includes(FILE_NAME), message: error.message, ms: 0, rss: 0 };
      } else {
        outcome = { type: 'end', index, operation, outcome: 'untyped', message: error instanceof Error ? `${error.name}: ${error.message}\n${error.stack}` : String(error), ms: 0, rss: 0 };
      }
    }
    outcome.ms = performance.now() - started;
    outcome.rss = process.memoryUsage.rss();
    send(outcome);
  }
  send({ type: 'done', index });
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') {
    void Promise.all(pools.map((pool) => pool.close())).then(() => rm(indexDirectory, { recursive: true, force: true })).then(() => process.exit(0));
    return;
  }
  // Alternate pools by mutant number, skipping the operation rotation's period (7).
  void runMutant(message.index, message.bytes, message.operations, pools[Math.floor(message.index / 7) % pools.length]!);
});
send({ type: 'ready' });
