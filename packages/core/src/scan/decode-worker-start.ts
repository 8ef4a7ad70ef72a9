// Starting a decode worker: where its module is, the options it starts with, and one started early.
// A decode worker takes ~40 ms to load its modules; a CLI command that will scan starts one first
// thing (`prestartDecodeWorker`, its own entry point, `@synctrack/core/prestart`, which loads
// nothing else), so the worker loads while the command loads its own modules, and the first pool
// that starts a worker of that module takes it over (`takePrestarted`). Whole `synctrack` processes
// on 2M records, median of 11: find 253 -> 233 ms, errors 520 -> 497 ms, on 36 messages 251 -> 237 ms.
// The hand-over goes through a global symbol, so it holds whichever copy of core (ESM or CommonJS,
// a bundle) each side loaded.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { DecodeWorkerData, WorkerMessage } from './decode-protocol.js';
import { workerExecArgv } from './worker-exec-argv.js';

/** True in core's CommonJS build, false in its ESM build, undeclared when run from source (tsup.config.ts). */
declare const __SYNCTRACK_CJS__: boolean | undefined;

/**
 * The decode worker beside this module (dist/): `decode-worker.js`, or `decode-worker.cjs` in the
 * CommonJS build. Resolved on use, not at import: a CommonJS bundle has no import.meta.url until it sets one.
 */
export function builtWorkerUrl(): URL {
  return new URL(typeof __SYNCTRACK_CJS__ !== 'undefined' && __SYNCTRACK_CJS__ ? './decode-worker.cjs' : './decode-worker.js', import.meta.url);
}

/**
 * A worker's young generation, in MB. V8 lets it grow to 48 MB, and a worker's task results (group
 * keys, examples) survive long enough that it does: ~40 MB of heap per worker. At 24 MB, errors and
 * filter on 10M records peak 30-50 MB lower at the same speed; 6-16 MB were slower.
 */
const YOUNG_GENERATION_MB = 24;

/** A decode worker of the module at `url`, and the port its lines' memory goes back through (see `DecodeWorkerData`). */
export interface StartedWorker {
  worker: Worker;
  spareLines: MessagePort;
  /** Its module has loaded (its `ready` message came before a pool listened). */
  ready: boolean;
}

/** Starts a worker (unreferenced: it keeps the process alive only while it has a task). */
export function startWorker(url: URL | string): StartedWorker {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(url, {
    workerData: { spareLines: port2 } satisfies DecodeWorkerData,
    transferList: [port2],
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    // Not the parent's flags as they are: under `node -e`, `--test` or `--input-type` they break it.
    execArgv: workerExecArgv(process.execArgv),
  });
  worker.unref();
  return { worker, spareLines: port1, ready: false };
}

const PRESTARTED = Symbol.for('synctrack.prestartedDecodeWorker');

interface Prestarted extends StartedWorker {
  url: string;
  listener: (message: WorkerMessage) => void;
}

type Holder = { [PRESTARTED]?: Prestarted };

/**
 * Starts a decode worker of the module at `url` (the built one beside core) for the first pool to
 * take over; one at a time per process.
 */
export function prestartDecodeWorker(url: URL | string = builtWorkerUrl()): void {
  const holder = globalThis as Holder;
  if (holder[PRESTARTED] !== undefined) return;
  const started = startWorker(url);
  // Its `ready` may come before a pool listens: kept here until one does.
  const prestarted: Prestarted = { ...started, url: String(url), listener: (message) => void (message.type === 'ready' && (prestarted.ready = true)) };
  started.worker.on('message', prestarted.listener);
  // A worker that could not start is the pool's to meet, by starting its own.
  started.worker.once('error', () => {
    if (holder[PRESTARTED] === prestarted) holder[PRESTARTED] = undefined;
  });
  // A 'message' listener refers the worker again: a command that never takes it must still end.
  started.worker.unref();
  holder[PRESTARTED] = prestarted;
}

/** The prestarted worker, when it runs the module at `url`: taken over by the caller, which listens to it from now on. */
export function takePrestarted(url: URL | string): StartedWorker | undefined {
  const holder = globalThis as Holder;
  const prestarted = holder[PRESTARTED];
  if (prestarted === undefined || String(url) !== prestarted.url) return undefined;
  holder[PRESTARTED] = undefined;
  // Messages are heard on a later turn, by the caller's listener too: a `ready` not heard yet is its.
  setImmediate(() => prestarted.worker.off('message', prestarted.listener));
  return { worker: prestarted.worker, spareLines: prestarted.spareLines, ready: prestarted.ready };
}
