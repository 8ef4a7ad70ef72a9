// A vitest setup file (every project, see vitest.shared.ts): tests run core from its TypeScript
// source, where there is no built decode-worker.js, so decode pools start the worker through tsx.
import { DecodePool } from '../../src/scan/decode-pool.js';

export const SOURCE_DECODE_WORKER = new URL('./decode-worker-from-source.mjs', import.meta.url);

DecodePool.defaultWorkerUrl = SOURCE_DECODE_WORKER;
