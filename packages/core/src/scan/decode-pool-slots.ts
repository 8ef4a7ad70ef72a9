// A decode pool's bookkeeping of its workers: the job a task is while the pool holds it, the slot a
// worker is (its jobs in the order sent, its clock), how a worker is started, and how a job whose
// worker died is answered or read again. The scheduling itself is the pool's (decode-pool.ts).
import type { MessagePort, Worker } from 'node:worker_threads';
import { InternalError } from '../errors/internal-error.js';
import { REPORT_HINT } from '../errors/report-hint.js';
import type { SyncTrackError } from '../errors/sync-track-error.js';
import { classifyFailure, decodeFailureError, messageOf, recheckChunks } from './decode-failure.js';
import type { DecodeResult, DecodeTask, FetchReply } from './decode-protocol.js';
import { startWorker, takePrestarted } from './decode-worker-start.js';
import { finishResult } from './finish-result.js';

/** Fetches bytes `[start, end)` of the task's file for a worker that asks for more than was prefetched. */
export type FetchMissing = (start: number, end: number) => Promise<Uint8Array>;

export interface Job {
  task: DecodeTask;
  fetchMissing: FetchMissing;
  resolve: (result: DecodeResult) => void;
  reject: (error: unknown) => void;
  /** A storage error met while serving the worker; it explains a later panic better than the panic. */
  storageError?: unknown;
  /** The calling thread could not decode it (it needs parquet-wasm or bytes not fetched): a worker's. */
  workerOnly?: boolean;
  /** The spans of the bytes sent with it: a worker holds them now, and they die with it. */
  sent?: Array<{ offset: number; length: number }>;
  /** It outran its budget once and runs again with a longer one (see task-deadline.ts). */
  stalled?: boolean;
  /** Storage reads the worker is waiting for: its clock stops meanwhile (storage has its own bounds). */
  fetching?: number;
}

export interface Slot {
  worker: Worker;
  /** Its tasks in the order sent: the first runs, the others wait in the worker (see `depth`). */
  jobs: Job[];
  /** Where the memory of the worker's lines goes back to it (see `DecodeWorkerData`). */
  spareLines: MessagePort;
  /** The worker's module has loaded (its `ready` message): a death before is a failure to start. */
  ready: boolean;
  /** The running task's clock (see task-deadline.ts). */
  deadline?: ReturnType<typeof setTimeout>;
}

/**
 * A new slot: its worker started (unreferenced until it has a task), or the one prestarted for this
 * module taken over (decode-worker-start.ts).
 */
export function newSlot(url: URL | string): Slot {
  const { worker, spareLines, ready } = takePrestarted(url) ?? startWorker(url);
  return { worker, jobs: [], spareLines, ready };
}

/** INTERNAL: a worker that cannot start is never the file's fault. */
export function startFailure(task: DecodeTask, cause: unknown): SyncTrackError {
  return new InternalError({
    message: `The decode worker could not start (${messageOf(cause)}) to read ${task.file}: ${REPORT_HINT}`,
    context: { file: task.file, rowGroup: task.rowGroup },
    cause,
  });
}

/** The bytes the job's worker held (they died with it), read again: its ranges as they were sent. */
export async function readSentAgain(job: Job): Promise<DecodeTask['ranges']> {
  const spans = job.sent ?? [];
  const bytes = await Promise.all(spans.map(({ offset, length }) => job.fetchMissing(offset, offset + length)));
  return spans.map(({ offset }, index) => ({ offset, bytes: bytes[index]! }));
}

/**
 * A worker died running the job without saying why (its failure handler reports panics itself):
 * out of memory, a crash. Unless the cause alone decides, the job's bytes (gone with the worker)
 * are read again and checked here before the file is blamed.
 */
export function rejectForDeath(job: Job, cause: unknown): void {
  const verdict = classifyFailure(cause);
  const failure = { verdict, message: messageOf(cause) };
  if (verdict !== 'unknown') {
    job.reject(decodeFailureError(job.task, failure, cause));
    return;
  }
  readSentAgain(job).then(
    (ranges) => job.reject(decodeFailureError(job.task, { ...failure, recheck: recheckChunks({ ...job.task, ranges }) }, cause)),
    (error: unknown) => job.reject(error),
  );
}

/**
 * Serves a worker's request for bytes of its running task's file outside what was sent. `clock`
 * stops the task's clock while storage answers and restarts it after (see task-deadline.ts); a
 * storage error is kept for the job (it explains a later failure better) and answered with no bytes.
 */
export function serveFetch(slot: Slot, job: Job, start: number, end: number, clock: () => void): void {
  job.fetching = (job.fetching ?? 0) + 1;
  clock();
  job
    .fetchMissing(start, end)
    .then(
      (bytes) => bytes,
      (error: unknown) => {
        job.storageError = error;
        return null;
      },
    )
    .then((bytes) => {
      job.fetching! -= 1;
      if (slot.jobs[0] === job) clock();
      const reply: FetchReply = { type: 'fetched', id: job.task.id, start, bytes };
      slot.worker.postMessage(reply, bytes ? [bytes.buffer as ArrayBuffer] : []);
    });
}

/**
 * A worker's result as the pool hands it on. A select that asked for lines and came back with rows
 * (`worker-json-lines` off) gets them written here; lines the worker wrote go back to it once the
 * consumer releases them, while it is still the pool's (`alive`), to hold its next lines.
 */
export function workerResult(slot: Slot, job: Job, result: DecodeResult, alive: () => boolean): DecodeResult {
  const { kernel } = job.task;
  if (kernel.kind === 'select' && kernel.lines !== undefined && result.kind === 'select' && result.lines === undefined) return finishResult(result, kernel, true);
  if (result.kind === 'select' && result.lines !== undefined) {
    const buffer = result.lines.buffer as ArrayBuffer;
    result.releaseLines = () => {
      if (buffer.byteLength > 0 && alive()) slot.spareLines.postMessage(buffer, [buffer]);
    };
  }
  return result;
}
