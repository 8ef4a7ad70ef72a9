// The pool's clock on a worker's task: a worker stuck in a loop that never yields is ended within
// the task's budget and its task rejected with a typed error; a worker that outran it without using
// the CPU (a starved machine, not the file) gets one more run on a fresh worker with a longer
// budget; time spent waiting for storage does not count against it.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SyncTrackError } from '../errors/sync-track-error.js';
import { DecodePool } from './decode-pool.js';
import type { DecodeTask } from './decode-protocol.js';
import { cpuMark, cpuOverBudget, DecodeStallError, taskBudgetMs } from './task-deadline.js';

const WORKER = new URL('../../test/support/stalling-decode-worker.mjs', import.meta.url);

function task(file: string): Omit<DecodeTask, 'id' | 'type'> {
  return {
    file,
    fileSize: 4,
    rowGroup: 0,
    numRows: 0,
    columns: [],
    ranges: [{ offset: 0, bytes: new Uint8Array(4) }],
    kernel: { kind: 'aggregate', predicate: {}, groupings: [] },
    weight: 0,
  };
}

describe('a task that outruns its budget', () => {
  it('ends a worker spinning without yield and rejects its task, typed, within the budget', async () => {
    const pool = new DecodePool({ size: 1, workerUrl: WORKER, taskTimeoutMs: 400, inlineTaskBytes: 0 });
    try {
      const started = Date.now();
      const error = await pool.decode(task('spin'), async () => new Uint8Array(4)).then(() => undefined, (caught: unknown) => caught);
      expect(SyncTrackError.isInstance(error)).toBe(true);
      // 0.4 s; on a machine so busy that the spinning worker got under half a core, once more with 4 × 0.4 s.
      expect((error as Error).message).toMatch(/did not finish within (0\.4|1\.6) s/);
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await pool.close();
    }
  });

  it('runs a task that outran its budget without using the CPU once more, on a fresh worker: a busy machine is not a corrupt file', async () => {
    const marker = join(await mkdtemp(join(tmpdir(), 'synctrack-stall-')), 'stalled-once');
    const pool = new DecodePool({ size: 1, workerUrl: WORKER, taskTimeoutMs: 400, inlineTaskBytes: 0 });
    try {
      await expect(pool.decode(task(`stuck-once:${marker}`), async () => new Uint8Array(4))).resolves.toMatchObject({ kind: 'aggregate' });
      expect(existsSync(marker)).toBe(true);
    } finally {
      await pool.close();
      await rm(dirname(marker), { recursive: true, force: true });
    }
  });

  it('does not count time spent waiting for storage', async () => {
    const pool = new DecodePool({ size: 1, workerUrl: WORKER, taskTimeoutMs: 300, inlineTaskBytes: 0 });
    try {
      const slowStorage = () => new Promise<Uint8Array>((resolve) => setTimeout(() => resolve(new Uint8Array(4)), 1_000));
      await expect(pool.decode(task('slow-fetch'), slowStorage)).resolves.toMatchObject({ kind: 'aggregate' });
    } finally {
      await pool.close();
    }
  });

  it('shares one CPU mark among clocks started within 50 ms, and judges CPU at the rate spent since it', () => {
    expect(cpuMark()).toBe(cpuMark());
    // CPU of d µs over 2·d µs since the mark: half a core, so half of a budget shorter than that.
    const now = process.cpuUsage();
    const d = Math.min(now.user, 200_000);
    expect(d).toBeGreaterThan(10_000);
    const mark = { usage: { user: now.user - d, system: now.system }, at: performance.now() - (2 * d) / 1000 };
    const budget = d / 1000 / 2;
    const spent = cpuOverBudget(mark, budget);
    expect(spent / budget).toBeGreaterThanOrEqual(0.49);
    expect(spent / budget).toBeLessThan(0.75);
    // Spent since a mark taken now: next to nothing, starved.
    expect(new DecodeStallError(1_000, cpuOverBudget({ usage: process.cpuUsage(), at: performance.now() - 1_000 }, 1_000)).starved).toBe(true);
  });

  it('calls a stall starved when the process used under half a core over the budget', () => {
    expect(new DecodeStallError(1000, 300).starved).toBe(true);
    expect(new DecodeStallError(1000, 900).starved).toBe(false);
  });

  it('grows with the bytes a task decodes', () => {
    expect(taskBudgetMs({ weight: 0 }, 5_000)).toBe(5_000);
    expect(taskBudgetMs({ weight: 42 * 1024 * 1024 }, 5_000)).toBe(5_000 + 42_000);
  });
});
