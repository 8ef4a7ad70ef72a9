// Each fast path's switch (parquet/fast-paths.ts) turns it off without changing an answer: every
// question on small runs from three writers (the fuzz seeds: core's writer with PLAIN identifiers,
// DuckDB V1 and V2 with dictionary ones) answers the same with the path on and off. And the switch
// is not dead: with it on, the path is asked where the work happens; off, it is asked and says no.
// Tasks run on this thread (`inlineTaskBytes: Infinity`), where the decisions are counted; the
// paths decided in a worker or about one are checked with a pool of workers only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncTrackingClient } from '../src/client/sync-tracking-client.js';
import { ConfigInvalidError } from '../src/errors/config-invalid-error.js';
import { runPrefix } from '../src/layout/sync-tracking-layout.js';
import { FAST_PATH_NAMES, FAST_PATHS_VARIABLE, fastPathDecisions, parseFastPaths, type FastPath } from '../src/parquet/fast-paths.js';
import { DecodePool, type DecodePoolOptions } from '../src/scan/decode-pool.js';
import { finishResult } from '../src/scan/finish-result.js';
import { MemoryStorage } from '../src/storage/memory-storage.js';
import { FUZZ_IDENTIFIERS, fuzzSeeds } from './fuzz/fuzz-seeds.js';

const SEEDS = ['synctrack-writer snappy', 'duckdb V1 snappy', 'duckdb V2 snappy'];
const storage = new MemoryStorage();
const runs: Array<{ orgId: string; syncId: string; runId: string }> = [];

beforeAll(async () => {
  const seeds = (await fuzzSeeds()).filter((seed) => SEEDS.includes(seed.name));
  expect(seeds.map((seed) => seed.name).sort()).toEqual([...SEEDS].sort());
  for (const [index, seed] of seeds.entries()) {
    const run = { orgId: 'org', syncId: 'sync', runId: `run-${index}` };
    const folder = runPrefix('', run);
    await storage.write(`${folder}metadata.json`, new TextEncoder().encode(JSON.stringify({ sync_run_id: run.runId })));
    await storage.write(`${folder}records_updated.0.parquet`, seed.bytes);
    runs.push(run);
  }
}, 60_000);

afterAll(() => {
  delete process.env[FAST_PATHS_VARIABLE];
});

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Every question, on every run: what the switches must leave as it is. */
async function answers(client: SyncTrackingClient): Promise<unknown[]> {
  const out: unknown[] = [];
  const lines = async (options: Parameters<SyncTrackingClient['filterJsonLines']>[1]) => {
    let text = '';
    for await (const batch of client.filterJsonLines(runs[0]!, options)) {
      text += new TextDecoder().decode(batch.lines);
      batch.release();
    }
    return text;
  };
  for (const run of runs) {
    out.push(await client.summary(run));
    out.push(await client.errors(run));
    out.push(await collect(client.filter(run, { outcome: 'rejected', columns: ['identifier', 'statusMessage'] })));
    out.push(await collect(client.filter(run)));
    out.push(await client.find(run, FUZZ_IDENTIFIERS));
    out.push(await client.sample(run, { size: 25, seed: 7 }));
    out.push(await lines({ outcome: 'rejected', columns: ['identifier', 'statusMessage'] }));
    out.push(await lines({ identifiers: FUZZ_IDENTIFIERS, columns: ['identifier', 'status', 'statusMessage', 'payload'] }));
    out.push(await lines({ identifiers: FUZZ_IDENTIFIERS, columns: ['identifier', 'statusMessage'] }));
  }
  return out;
}

/** The answers with `SYNCTRACK_FAST_PATHS` set to `switches`, and the decisions counted on this thread meanwhile. */
async function answersWith(switches: string | undefined, pool: DecodePoolOptions) {
  if (switches === undefined) delete process.env[FAST_PATHS_VARIABLE];
  else process.env[FAST_PATHS_VARIABLE] = switches;
  // Workers copy the environment when they start: a pool of its own for each setting.
  const decodePool = new DecodePool({ size: 1, ...pool });
  const before = fastPathDecisions();
  try {
    const result = await answers(new SyncTrackingClient({ storage, decodePool }));
    const after = fastPathDecisions();
    const asked = Object.fromEntries(FAST_PATH_NAMES.map((name) => [name, { on: after[name].on - before[name].on, off: after[name].off - before[name].off }]));
    return { result, asked: asked as Record<FastPath, { on: number; off: number }> };
  } finally {
    await decodePool.close();
    delete process.env[FAST_PATHS_VARIABLE];
  }
}

const ON_THIS_THREAD: DecodePoolOptions = { inlineTaskBytes: Number.POSITIVE_INFINITY };

describe('fast path switches', () => {
  let allOn: Awaited<ReturnType<typeof answersWith>>;
  beforeAll(async () => {
    allOn = await answersWith(undefined, ON_THIS_THREAD);
  }, 60_000);

  const onThisThread = FAST_PATH_NAMES.filter((name) => name !== 'worker-json-lines');
  it.each(onThisThread)('%s: off, every answer is the same, and the general path answered', async (path) => {
    expect(allOn.asked[path].on, `${path} is asked on the path its work is on`).toBeGreaterThan(0);
    const off = await answersWith(`-${path}`, ON_THIS_THREAD);
    expect(off.asked[path]).toMatchObject({ on: 0 });
    expect(off.asked[path].off).toBeGreaterThan(0);
    expect(off.result).toEqual(allOn.result);
  }, 60_000);

  it('worker-json-lines: off, the worker sends rows and the pool writes the same lines', async () => {
    const kernel = { kind: 'select', predicate: {}, output: ['identifier'], startRow: 0, limit: null, lines: { keys: ['identifier'] } } as const;
    const rows = { kind: 'select', rowCount: 1, matched: 1, rowIndexes: [0], columns: { identifier: ['a'] }, nextRow: null } as const;
    process.env[FAST_PATHS_VARIABLE] = '-worker-json-lines';
    try {
      expect(finishResult({ ...rows, columns: { identifier: ['a'] } }, kernel as never)).not.toHaveProperty('lines');
      expect(finishResult({ ...rows, columns: { identifier: ['a'] } }, kernel as never, true)).toHaveProperty('lines');
    } finally {
      delete process.env[FAST_PATHS_VARIABLE];
    }
    const workers: DecodePoolOptions = { inlineTaskBytes: 0 };
    const on = await answersWith(undefined, workers);
    const off = await answersWith('-worker-json-lines', workers);
    expect(on.result).toEqual(allOn.result);
    expect(off.result).toEqual(allOn.result);
  }, 60_000);

  it('reads SYNCTRACK_FAST_PATHS: -name off, name or +name on, a later entry wins; an unknown name is a ConfigInvalidError naming the variable', () => {
    expect([...parseFastPaths(undefined)]).toEqual([]);
    expect([...parseFastPaths(' -identifier-search, -dictionary-counts ,')]).toEqual(['identifier-search', 'dictionary-counts']);
    expect([...parseFastPaths('-page-picks,+page-picks,-text-windows,text-windows')]).toEqual([]);
    expect(() => parseFastPaths('-identifier-serch')).toThrow(ConfigInvalidError);
    expect(() => parseFastPaths('-identifier-serch')).toThrow(/SYNCTRACK_FAST_PATHS.*identifier-serch/);
    process.env[FAST_PATHS_VARIABLE] = '-no-such-path';
    try {
      expect(() => new DecodePool()).toThrow(ConfigInvalidError);
    } finally {
      delete process.env[FAST_PATHS_VARIABLE];
    }
  });
});
