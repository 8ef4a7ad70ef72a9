// Test-only: the decode worker run from its TypeScript source through tsx. vitest.shared.ts points
// DecodePool.defaultWorkerUrl here, so nothing in core's shipped code knows about tsx.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('../../src/scan/decode-worker.ts', import.meta.url).href, import.meta.url);
