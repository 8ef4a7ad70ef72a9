import { defineConfig } from 'tsup';

// The decode worker is its own entry: the worker pool starts it by URL next to index.js. Splitting
// keeps what it imports lazily (the parquet-wasm path, the writers' modules) in chunks of their own,
// so neither apache-arrow nor parquet-wasm loads before it is needed.
export default defineConfig({
  entry: { index: 'src/index.ts', 'decode-worker': 'src/scan/decode-worker.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
});
