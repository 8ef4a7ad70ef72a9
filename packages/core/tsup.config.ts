import { defineConfig } from 'tsup';

// The decode worker is its own entry: the worker pool starts it by URL next to index.js.
export default defineConfig({
  entry: { index: 'src/index.ts', 'decode-worker': 'src/reader/decode-worker.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: false,
});
