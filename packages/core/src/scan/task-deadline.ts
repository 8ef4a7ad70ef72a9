// How long a decode worker may take over one task before the pool gives up on it. A corrupt page
// can send parquet-wasm into a loop that never ends and never yields (found by the mutation fuzz:
// two flipped bytes of a zstd page header), and a worker spinning in wasm answers nothing: only
// the pool, on the main thread, can notice, end the worker and report the task. The budget grows
// with the bytes a task decodes, so a large row group on a slow, busy machine is never cut short:
// decoding runs at 50-500 MB/s here, and the budget allows 1 MiB/s on top of a fixed allowance.
import type { DecodeTask } from './decode-protocol.js';

/** The fixed part of a task's budget, in milliseconds, unless the pool is given another. */
export const DEFAULT_TASK_TIMEOUT_MS = 5_000;

/** Bytes a task may decode per millisecond of budget beyond the fixed part: 1 MiB/s. */
const BYTES_PER_MS = (1024 * 1024) / 1000;

/** The task's budget in milliseconds: the fixed part plus a share per uncompressed byte it decodes. */
export function taskBudgetMs(task: Pick<DecodeTask, 'weight'>, fixedMs: number): number {
  return fixedMs + Math.ceil(Math.max(0, task.weight) / BYTES_PER_MS);
}

/** Why the pool ended a worker: its task outran its budget. Proves nothing by itself (decode-failure.ts rechecks). */
export class DecodeStallError extends Error {
  override name = 'DecodeStallError';

  constructor(budgetMs: number) {
    super(`decoding did not finish within ${(budgetMs / 1000).toFixed(1)} s`);
  }
}
