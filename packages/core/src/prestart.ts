// `@synctrack/core/prestart`: starts a decode worker before anything else of core loads, for the
// first pool to take over (scan/decode-worker-start.ts). Unstable, for synctrack's own CLI: it
// loads only node:worker_threads, so the worker loads its modules while the command loads its own.
export { prestartDecodeWorker } from './scan/decode-worker-start.js';
