import { defineConfig } from 'tsup';

// `internal` is the unstable subpath synctrack's own packages share (src/internal.ts says why).
// The decode worker is its own entry: the worker pool starts it by URL next to index.js. Splitting
// keeps what it imports lazily (the parquet-wasm path, the writers' modules) in chunks of their own,
// so neither apache-arrow nor parquet-wasm loads before it is needed.
export default defineConfig({
  entry: { index: 'src/index.ts', internal: 'src/internal.ts', 'decode-worker': 'src/scan/decode-worker.ts' },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', internal: 'src/internal.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
});
