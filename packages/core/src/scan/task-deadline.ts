// How long a decode worker may take over one task before the pool gives up on it. A corrupt page
// can send parquet-wasm into a loop that never ends and never yields (found by the mutation fuzz:
// two flipped bytes of a zstd page header), and a worker spinning in wasm answers nothing: only
// the pool, on the main thread, can notice, end the worker and report the task. The budget grows
// with the bytes a task decodes, so a large row group on a slow, busy machine is never cut short:
// decoding runs at 50-500 MB/s here, and the budget allows 1 MiB/s on top of a fixed allowance.
// A worker that loops burns a core the whole time; a worker on a machine starved of CPU (load 15 on
// 2 cores) does not, and a healthy row group there did take longer than 5 s and was reported as a
// probably corrupt file. So when the clock runs out while this process used less than half a core
// over the task's budget, the task runs again, on a fresh worker, with STALL_RETRY_FACTOR times the
// budget; only a stall with the CPU spent, or a second one, is judged a failure (decode-failure.ts).
import type { DecodeTask } from './decode-protocol.js';

/** The fixed part of a task's budget, in milliseconds, unless the pool is given another. */
export const DEFAULT_TASK_TIMEOUT_MS = 5_000;

/** The budget of a task's second run, after a first stall, as a multiple of its first. */
export const STALL_RETRY_FACTOR = 4;

/** Bytes a task may decode per millisecond of budget beyond the fixed part: 1 MiB/s. */
const BYTES_PER_MS = (1024 * 1024) / 1000;

/** The task's budget in milliseconds: the fixed part plus a share per uncompressed byte it decodes. */
export function taskBudgetMs(task: Pick<DecodeTask, 'weight'>, fixedMs: number): number {
  return fixedMs + Math.ceil(Math.max(0, task.weight) / BYTES_PER_MS);
}

/** A reading of this process's CPU time (all threads), and when it was taken. */
export interface CpuMark {
  usage: NodeJS.CpuUsage;
  at: number;
}

/** Tasks whose clocks start within this many milliseconds of a mark share it. */
const MARK_SHARED_MS = 50;
let lastMark: CpuMark | undefined;

/**
 * A mark of this process's CPU time now, or up to 50 ms ago: with workers busy, process.cpuUsage()
 * took ~0.1 ms a call on the calling thread (2.4 ms of a 45 ms find, one call per task), so tasks
 * started close together share one.
 */
export function cpuMark(): CpuMark {
  const now = performance.now();
  if (lastMark === undefined || now - lastMark.at > MARK_SHARED_MS) lastMark = { usage: process.cpuUsage(), at: now };
  return lastMark;
}

/** The CPU milliseconds this process spent since `mark`, at the rate it spent them, over `budgetMs`. */
export function cpuOverBudget(mark: CpuMark, budgetMs: number): number {
  const used = process.cpuUsage(mark.usage);
  const elapsed = performance.now() - mark.at;
  return ((used.user + used.system) / 1000) * (budgetMs / Math.max(budgetMs, elapsed));
}

/** Why the pool ended a worker: its task outran its budget. Proves nothing by itself (decode-failure.ts rechecks). */
export class DecodeStallError extends Error {
  override name = 'DecodeStallError';

  /**
   * @param cpuMs CPU time this process spent over the budget, all threads: under half a core's
   *   worth, the machine was too busy for the worker to have been looping the whole time.
   */
  constructor(
    readonly budgetMs: number,
    readonly cpuMs = budgetMs,
  ) {
    super(`decoding did not finish within ${(budgetMs / 1000).toFixed(1)} s`);
  }

  /** The process got under half a core over the budget: the stall says more about the machine than the file. */
  get starved(): boolean {
    return this.cpuMs < 0.5 * this.budgetMs;
  }
}
