// Bounded retries with a progress timeout, for the cloud adapters' requests where their SDK cannot
// do it: each attempt gets its own AbortSignal that fires when the attempt shows no progress (no
// answer, no bytes) for `progressTimeoutMs`; a timed-out or transient failure is retried with
// exponential backoff, and giving up says how many attempts were made.
import { sleep } from './abortable-sleep.js';
import { AbortedError } from '../errors/aborted-error.js';
import { StorageUnavailableError } from '../errors/storage-unavailable-error.js';
import { SyncTrackError, type SyncTrackErrorContext } from '../errors/sync-track-error.js';

export interface RetrySettings {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt; later ones grow by `multiplier` up to `maxDelayMs` (with jitter). */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Default 2. */
  multiplier?: number;
  /** No new attempt starts once this much time has passed since the first (default: no limit). */
  totalTimeoutMs?: number;
  /** An attempt that shows no progress for this long is aborted and retried. */
  progressTimeoutMs: number;
}

/** The progress timeout of the cloud adapters when none is given: 30 s without a byte. */
export const DEFAULT_PROGRESS_TIMEOUT_MS = 30_000;

/** What an attempt gets: its number, its signal (the caller's, or the progress timeout), and a way to say it progressed. */
export interface StorageAttempt {
  attempt: number;
  signal: AbortSignal;
  /** Restarts the progress timeout; call on every chunk or answer. */
  progress: () => void;
  /** Stops the progress timeout (a phase the SDK times out itself). */
  pause: () => void;
}

export interface StorageCallOptions {
  retry: RetrySettings;
  signal?: AbortSignal;
  /** Names the adapter, bucket, key and operation in errors. */
  context: SyncTrackErrorContext & { adapter: string; operation: string };
  /** How a user would name the object, e.g. `s3://bucket/key`. */
  where: string;
  /** Maps a failure to a typed error; `attempts` is how many were made when the call gives up. */
  toError: (error: unknown, attempts: number) => SyncTrackError;
  /** Requests one attempt's failure took, when its SDK retried inside (default 1). */
  attemptsOf?: (error: unknown) => number;
}

/** The reason an attempt's signal aborts when it stalls. */
export class ProgressTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(readonly timeoutMs: number) {
    super(`no bytes for ${formatSeconds(timeoutMs)}`);
    this.name = 'ProgressTimeoutError';
  }
}

/**
 * A failure of the transfer itself (a reset or early end of a body, a short answer, a stall) that
 * another attempt may cure; `attempts` counts the requests it took.
 */
export class TransientTransferError extends Error {
  constructor(message: string, readonly attempts = 1, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientTransferError';
  }
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

export function attemptsText(attempts: number): string {
  return `after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
}

/** Runs `run` until it succeeds, fails for good, or the attempts run out. */
export async function retryStorageCall<T>(run: (attempt: StorageAttempt) => Promise<T>, options: StorageCallOptions): Promise<T> {
  const { retry, signal, context } = options;
  const started = Date.now();
  let attempts = 0;
  for (let attempt = 1; ; attempt++) {
    throwIfCallerAborted(signal, options);
    const watch = watchProgress(retry.progressTimeoutMs, signal);
    try {
      return await run({ attempt, signal: watch.signal, progress: watch.progress, pause: watch.pause });
    } catch (error) {
      throwIfCallerAborted(signal, options, error);
      const stalled = watch.timedOut();
      const transfer = error instanceof TransientTransferError;
      attempts += transfer ? error.attempts : stalled ? 1 : options.attemptsOf?.(error) ?? 1;
      const failure = transfer || !stalled ? error : new ProgressTimeoutError(retry.progressTimeoutMs);
      const transient = stalled || transfer;
      const mapped = transient ? undefined : options.toError(failure, attempts);
      if (mapped !== undefined && !mapped.retryable) throw mapped;
      const delay = backoff(retry, attempt);
      const outOfTime = retry.totalTimeoutMs !== undefined && Date.now() - started + delay > retry.totalTimeoutMs;
      if (attempts >= retry.maxAttempts || outOfTime) {
        if (mapped !== undefined) throw options.toError(failure, attempts);
        throw new StorageUnavailableError({
          message: `Could not ${context.operation} ${options.where} ${attemptsText(attempts)}: ${(failure as Error).message}`,
          retryable: true,
          context,
          cause: failure,
        });
      }
      await sleep(delay, signal).catch((reason: unknown) => throwIfCallerAborted(signal, options, reason));
    } finally {
      watch.stop();
    }
  }
}

function backoff(retry: RetrySettings, attempt: number): number {
  const full = Math.min(retry.maxDelayMs, retry.initialDelayMs * (retry.multiplier ?? 2) ** (attempt - 1));
  // Half fixed, half random: spread out, never much shorter than asked.
  return full / 2 + Math.random() * (full / 2);
}

function throwIfCallerAborted(signal: AbortSignal | undefined, options: StorageCallOptions, cause?: unknown): void {
  if (!signal?.aborted) return;
  throw new AbortedError({
    message: `The ${options.context.operation} of ${options.where} was aborted`,
    context: options.context,
    cause: cause ?? signal.reason,
  });
}

/** An AbortSignal that fires when the caller's does, or when `progress()` has not been called for `timeoutMs`. */
function watchProgress(timeoutMs: number, caller: AbortSignal | undefined) {
  const controller = new AbortController();
  let stalled = false;
  const arm = () =>
    setTimeout(() => {
      stalled = true;
      controller.abort(new ProgressTimeoutError(timeoutMs));
    }, timeoutMs);
  let timer: NodeJS.Timeout | undefined = arm();
  const onCallerAbort = () => controller.abort(caller!.reason);
  caller?.addEventListener('abort', onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    progress: () => {
      if (controller.signal.aborted) return;
      if (timer === undefined) timer = arm();
      else timer.refresh();
    },
    pause: () => {
      clearTimeout(timer);
      timer = undefined;
    },
    timedOut: () => stalled,
    stop: () => {
      clearTimeout(timer);
      timer = undefined;
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

export interface AdapterCallSettings {
  retry: RetrySettings;
  adapter: string;
  bucket: string;
  /** How a user would name a key, e.g. `gs://bucket/prefix/key`. */
  where: (key: string) => string;
  /** The adapter's mapping of its SDK's errors; `attempts` as in `StorageCallOptions.toError`. */
  toError: (error: unknown, key: string, operation: string, attempts: number) => SyncTrackError;
}

/** An adapter's calls under one retry setting: the options of a call on a key, and the call itself. */
export function adapterCalls(settings: AdapterCallSettings) {
  const options = (operation: string, key: string, signal: AbortSignal | undefined): StorageCallOptions => ({
    retry: settings.retry,
    signal,
    context: { adapter: settings.adapter, bucket: settings.bucket, key, operation },
    where: settings.where(key),
    toError: (error, attempts) => settings.toError(error, key, operation, attempts),
  });
  return {
    options,
    call: <T>(operation: string, key: string, signal: AbortSignal | undefined, run: (attempt: StorageAttempt) => Promise<T>): Promise<T> =>
      retryStorageCall(run, options(operation, key, signal)),
  };
}
