// A small pool of decode workers. Decoding runs off the main thread (two cores decode two row
// groups at once) and inside a worker, so a wasm panic on a corrupt page cannot take the process
// down: the pool turns it into a typed error and replaces the worker. Whose fault a failure is
// (INVALID_DATA for the file's, INTERNAL for ours or the environment's: a worker that cannot start,
// a module that cannot load, a bug, memory) is decided in decode-failure.ts, where the bytes are.
// Workers start from `decode-worker.js` beside this module (dist/), or the `workerUrl` given: a
// bundled app bundles the worker as its own entry beside its bundle (see the README), and the
// tests point it at a loader of the TypeScript source (vitest.shared.ts). Nothing here loads tsx.
// Here: scheduling (which task runs where and when) and the workers' lives over the same slots;
// the slots themselves, starting a worker and answering for a dead one are in decode-pool-slots.ts.
// About 390 lines on purpose: scheduling is one state machine (queue, in-flight, the caller's own
// decoding, release), and cutting it further would put one decision in two files.
import { availableParallelism } from 'node:os';
import { fastPathOn, fastPathsOff } from '../parquet/fast-paths.js';
import { BufferRecycler } from './buffer-recycler.js';
import { builtWorkerUrl } from './decode-worker-start.js';
import { decodeFailureError, describeFailure } from './decode-failure.js';
import type { DecodePoolOptions } from './decode-pool-options.js';
import { newSlot, readSentAgain, rejectForDeath, serveFetch, startFailure, workerResult, type FetchMissing, type Job, type Slot } from './decode-pool-slots.js';
import { POISONED_EXIT_CODE, type DecodeResult, type DecodeTask, type WorkerMessage } from './decode-protocol.js';
import { finishResult } from './finish-result.js';
import { entriesFromChunks } from './identifier-entries-task.js';
import { JsDecoder } from './js-decode.js';
import { comparePartitionTask } from './partition-task.js';
import { cpuMark, cpuOverBudget, DecodeStallError, DEFAULT_TASK_TIMEOUT_MS, STALL_RETRY_FACTOR, taskBudgetMs } from './task-deadline.js';

export type { DecodePoolOptions } from './decode-pool-options.js';

export type { FetchMissing } from './decode-pool-slots.js';

export class DecodePool {
  /**
   * Where pools without a `workerUrl` start their workers. In the built package (and in a bundle
   * whose worker entry is named `decode-worker.js` and sits beside it) this is the worker; an app
   * or a test harness may set it once for every pool, the shared one included.
   */
  static get defaultWorkerUrl(): URL | string {
    // The CommonJS build (tsup.config.ts) starts its own worker, `decode-worker.cjs`.
    return DecodePool.workerUrlSet ?? builtWorkerUrl();
  }

  static set defaultWorkerUrl(url: URL | string) {
    DecodePool.workerUrlSet = url;
  }

  private static workerUrlSet: URL | string | undefined;

  readonly size: number;
  private readonly workerUrl: URL | string | undefined;
  private readonly heavyTaskBytes: number;
  private readonly inlineTaskBytes: number;
  private readonly inline = new JsDecoder();
  /** Memory for the chunks tasks read; workers hand it back with their results. */
  readonly buffers = new BufferRecycler();
  private slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly callerDecodes: boolean;
  /** A turn of the calling thread is scheduled (`decodeOnCaller`). */
  private callerTurn = false;
  /**
   * Tasks sent to a worker at once: its next task waits in its port, so the worker does not wait
   * for the calling thread (merging results, decoding a small task) to get one. compareRuns on two
   * 2M-record runs, errors and find spent 5-15% of their time with a worker idle so. A task that
   * fetches bytes while it runs (`queueable`) is not queued behind, nor queues another.
   */
  private readonly depth: number;
  private readonly taskTimeoutMs: number;

  constructor(options: DecodePoolOptions = {}) {
    // An unknown name in SYNCTRACK_FAST_PATHS is the caller's to hear, not a worker's task failure.
    fastPathsOff();
    this.callerDecodes = options.callerDecodes ?? false;
    this.workerUrl = options.workerUrl;
    this.depth = 2;
    const threads = Math.min(2, availableParallelism()) - (this.callerDecodes ? 1 : 0);
    this.size = Math.max(1, Math.floor(options.size ?? threads));
    this.heavyTaskBytes = options.heavyTaskBytes ?? 16 * 1024 * 1024;
    this.inlineTaskBytes = options.inlineTaskBytes ?? 512 * 1024;
    this.taskTimeoutMs = options.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS;
  }

  decode(task: Omit<DecodeTask, 'id' | 'type'>, fetchMissing: FetchMissing): Promise<DecodeResult> {
    if (this.closed) return Promise.reject(new Error('DecodePool is closed'));
    const job: DecodeTask = { ...task, type: 'decode', id: this.nextId++ };
    // compareRuns' partitions have no other path than JavaScript; a row group's, when its chunks have layouts.
    const javascript = job.kernel.kind === 'partition' || (job.chunks !== undefined && fastPathOn('js-decoder'));
    const small = job.weight <= this.inlineTaskBytes && javascript && fastPathOn('inline-small-tasks');
    // A small task is decoded here. One past a tenth of a megabyte goes to a worker that has
    // started and sits idle, if there is one: few bytes can still be much work (a status_message
    // dictionary of 54k messages, ~15 ms), and compareRuns' message counts once ran here back to
    // back while both workers waited for their next task.
    const idleWorker = job.weight > HANDED_OFF_BYTES && this.slots.some((slot) => slot.ready && slot.jobs.length === 0);
    if (small && !idleWorker) return this.decodeInline(job, fetchMissing);
    return new Promise((resolve, reject) => {
      this.queue.push({ task: job, fetchMissing, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * A small task decoded on the calling thread in a turn of its own: between two, the event loop
   * takes the results workers posted and gives them their next tasks. One that needs a worker after
   * all (parquet-wasm) is queued.
   */
  private decodeInline(job: DecodeTask, fetchMissing: FetchMissing): Promise<DecodeResult> {
    return new Promise((resolve, reject) => {
      setImmediate(() => {
        if (this.closed) {
          reject(new Error('DecodePool is closed'));
          return;
        }
        try {
          const result = this.decodeHere(job);
          if (result !== null) {
            resolve(result);
            return;
          }
        } catch (error) {
          reject(error);
          return;
        }
        this.queue.push({ task: job, fetchMissing, resolve, reject });
        this.dispatch();
      });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  /**
   * Ends the workers that have no task now, giving back their memory (~40-90 MB each after a large
   * scan); the pool stays open and starts workers again on demand. A command that has finished
   * scanning calls this before it sorts and prints, so that work does not stack on idle workers.
   */
  async release(): Promise<void> {
    const idle = this.slots.filter((slot) => slot.jobs.length === 0);
    this.slots = this.slots.filter((slot) => slot.jobs.length > 0);
    await Promise.all(idle.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    // In queue order, each job to a free slot it may use; a heavy job waits for the first slot,
    // and light jobs behind it go ahead (the scanner consumes results in its own order).
    for (let index = 0; index < this.queue.length; ) {
      const job = this.queue[index]!;
      let slot: Slot | undefined;
      try {
        slot = job.task.weight - (job.task.windowedBytes ?? 0) > this.heavyTaskBytes ? this.heavySlot() : this.lightSlot(job);
      } catch (error) {
        // `new Worker` refused to start one (a bad URL, options this Node does not take).
        this.queue.splice(index, 1);
        job.reject(startFailure(job.task, error));
        continue;
      }
      if (slot === undefined) {
        index++;
        continue;
      }
      this.queue.splice(index, 1);
      slot.jobs.push(job);
      slot.worker.ref();
      if (slot.jobs.length === 1) this.watch(slot);
      job.sent = job.task.ranges.map((range) => ({ offset: range.offset, length: range.bytes.length }));
      const transfer = job.task.ranges.map((range) => range.bytes.buffer as ArrayBuffer);
      slot.worker.postMessage(job.task, [...new Set(transfer)]);
    }
    this.scheduleCaller();
  }

  /** Worker threads running now: started on demand, ended by `release()` and `close()`. */
  get runningWorkers(): number {
    return this.slots.length;
  }

  /** Threads that decode: the workers, and the calling thread when it decodes too. */
  get decoders(): number {
    return this.size + (this.callerDecodes ? 1 : 0);
  }

  /** With `callerDecodes`, a turn of the calling thread once the event loop has nothing before it. */
  private scheduleCaller(): void {
    if (!this.callerDecodes || this.callerTurn || !this.queue.some((job) => this.callerMayRun(job))) return;
    this.callerTurn = true;
    setImmediate(() => {
      this.callerTurn = false;
      this.decodeOnCaller();
    });
  }

  private callerMayRun(job: Job): boolean {
    const { task } = job;
    if (task.kernel.kind === 'partition') return true;
    const indexOnly = task.kernel.kind === 'index' && task.kernel.entries === undefined;
    return !job.workerOnly && task.chunks !== undefined && !indexOnly && task.weight - (task.windowedBytes ?? 0) <= this.heavyTaskBytes && fastPathOn('js-decoder');
  }

  /** Decodes the first queued task the calling thread can, then lets the workers and the loop go on. */
  private decodeOnCaller(): void {
    const index = this.queue.findIndex((job) => this.callerMayRun(job));
    if (this.closed || index < 0) return;
    const job = this.queue.splice(index, 1)[0]!;
    try {
      const result = this.decodeHere(job.task);
      if (result === null) {
        job.workerOnly = true;
        this.queue.unshift(job);
      } else {
        job.resolve(result);
      }
    } catch (error) {
      job.reject(error);
    }
    this.dispatch();
  }

  /**
   * The task's result through the JavaScript decoder on this thread, its bytes given back for the
   * next reads; null when it needs a worker (an index other than compareRuns' entries,
   * parquet-wasm). compareRuns' partitions run here too. A corrupt chunk throws an InvalidDataError
   * naming the file, row group and column; a bug here, an InternalError.
   */
  private decodeHere(task: DecodeTask): DecodeResult | null {
    const { kernel } = task;
    if (kernel.kind === 'index' && kernel.entries === undefined) return null;
    let result: DecodeResult | null;
    try {
      if (kernel.kind === 'partition') result = comparePartitionTask(task, kernel);
      else result = kernel.kind === 'index' ? entriesFromChunks(this.inline.begin(task), task, kernel, kernel.entries!) : this.inline.run(task, kernel);
    } catch (error) {
      throw decodeFailureError(task, describeFailure(task, error), error);
    }
    if (result === null) return null;
    this.buffers.give(task.ranges.map((range) => range.bytes.buffer as ArrayBuffer));
    return finishResult(result, kernel, true);
  }

  /** The first slot, when free (started on demand). */
  private heavySlot(): Slot | undefined {
    if (this.slots.length === 0) return this.spawn();
    return this.slots[0]!.jobs.length === 0 ? this.slots[0] : undefined;
  }

  /** Any free slot, preferring those past the first; a new one while below the pool size. */
  private lightSlot(job: Job): Slot | undefined {
    for (let index = this.slots.length - 1; index >= 0; index--) if (this.slots[index]!.jobs.length === 0) return this.slots[index];
    if (this.slots.length < this.size) return this.spawn();
    if (!queueable(job)) return undefined;
    for (let index = this.slots.length - 1; index >= 0; index--) {
      const slot = this.slots[index]!;
      if (slot.jobs.length < this.depth && slot.jobs.every(queueable)) return slot;
    }
    return undefined;
  }

  private spawn(): Slot {
    const slot = newSlot(this.workerUrl ?? DecodePool.defaultWorkerUrl);
    slot.worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    slot.worker.on('error', (error) => this.onDeath(slot, error, !slot.ready));
    slot.worker.on('exit', (code) => {
      if (code === POISONED_EXIT_CODE) this.onPoisoned(slot);
      // An exit without an error (terminate()) is not a failure to start, whenever it comes.
      else this.onDeath(slot, new Error(`decode worker exited with code ${code}`), false);
    });
    this.slots.push(slot);
    return slot;
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'ready') {
      slot.ready = true;
      this.watch(slot);
      return;
    }
    // Tasks end in the order sent: results and fetches are the first job's.
    const job = slot.jobs[0];
    if (job === undefined || message.id !== job.task.id) return;
    if (message.type === 'fetch') {
      serveFetch(slot, job, message.start, message.end, () => this.watch(slot));
      return;
    }
    this.finish(slot);
    if (message.type === 'result') {
      this.buffers.give(message.buffers);
      job.resolve(workerResult(slot, job, message.result, () => this.slots.includes(slot)));
      return;
    }
    job.reject(job.storageError ?? decodeFailureError(job.task, message.failure));
  }

  /** The worker ended itself after reporting its task (see POISONED_EXIT_CODE): the rest never started. */
  private onPoisoned(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    clearTimeout(slot.deadline);
    for (const job of slot.jobs.splice(0)) this.resend(job);
    this.dispatch();
  }

  /** `starting`: the worker failed before its module ran (it could not load), not while decoding. */
  private onDeath(slot: Slot, cause: unknown, starting: boolean): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    clearTimeout(slot.deadline);
    const [job, ...waiting] = slot.jobs.splice(0);
    void slot.worker.terminate();
    for (const next of waiting) this.resend(next);
    if (job !== undefined) {
      if (job.storageError !== undefined) job.reject(job.storageError);
      else if (starting) job.reject(startFailure(job.task, cause));
      // A first stall on a machine too busy to have let the worker loop the whole time: once more,
      // on a fresh worker with a longer budget (task-deadline.ts), before the failure is judged.
      else if (cause instanceof DecodeStallError && cause.starved && job.stalled !== true) {
        job.stalled = true;
        this.resend(job);
      } else rejectForDeath(job, cause);
    }
    this.dispatch();
  }

  /**
   * A task that waited behind one that killed its worker: its bytes went with the worker, so they
   * are read again, and it goes to the front of the queue.
   */
  private resend(job: Job): void {
    readSentAgain(job).then(
      (ranges) => {
        job.task.ranges = ranges;
        if (this.closed) return;
        this.queue.unshift(job);
        this.dispatch();
      },
      (error: unknown) => job.reject(error),
    );
  }

  private finish(slot: Slot): void {
    slot.jobs.shift();
    this.watch(slot);
    if (slot.jobs.length === 0) slot.worker.unref();
    this.dispatch();
  }

  /**
   * Starts the clock of the slot's running task (its first), or stops it while that task waits for
   * storage or none runs. A task that outruns it ends its worker and is reported (`onDeath`).
   */
  private watch(slot: Slot): void {
    clearTimeout(slot.deadline);
    slot.deadline = undefined;
    const job = slot.jobs[0];
    if (job === undefined || (job.fetching ?? 0) > 0) return;
    // A worker still loading its module is not decoding yet: on a loaded machine its start alone
    // took longer than a task's budget (diff on 10M records, load 15 on 2 cores). The clock starts
    // again when it is ready.
    const budget = taskBudgetMs(job.task, this.taskTimeoutMs) * (job.stalled === true ? STALL_RETRY_FACTOR : 1) + (slot.ready ? 0 : WORKER_START_ALLOWANCE_MS);
    const mark = cpuMark();
    slot.deadline = setTimeout(() => this.onDeath(slot, new DecodeStallError(budget, cpuOverBudget(mark, budget)), false), budget);
    slot.deadline.unref();
  }
}

/**
 * Whether a task may wait in a worker's port behind another, or have one wait behind it: not one
 * that reads late columns through a window, which fetches the rest of their bytes from the calling
 * thread as it runs (a task queued behind it waited out those round trips while the other worker
 * sat idle: sample, ~5% slower).
 */
function queueable(job: Job): boolean {
  return (job.task.windowedBytes ?? 0) === 0;
}

/** Small tasks over this many bytes go to an idle worker rather than run on the calling thread. */
const HANDED_OFF_BYTES = 128 * 1024;

/** How long a worker may take to load its module, beyond its first task's budget. */
const WORKER_START_ALLOWANCE_MS = 30_000;

let shared: DecodePool | undefined;

/** The process-wide pool used by clients that do not bring their own. */
export function sharedDecodePool(): DecodePool {
  shared ??= new DecodePool();
  return shared;
}
