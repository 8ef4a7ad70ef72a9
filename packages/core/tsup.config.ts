import { defineConfig } from 'tsup';

// `internal` is the unstable subpath synctrack's own packages share (src/internal.ts says why);
// `prestart`, the CLI's first import, starts a decode worker and loads nothing else (src/prestart.ts).
// The decode worker is its own entry: the worker pool starts it by URL next to index.js. Splitting
// keeps what it imports lazily (the parquet-wasm path, the writers' modules) in chunks of their own,
// so neither apache-arrow nor parquet-wasm loads before it is needed.
// Two formats: ESM (`.js`, `.d.ts`) and CommonJS (`.cjs`, `.d.cts`) for `require`. `shims` gives the
// CommonJS build an `import.meta.url` (from `__filename`), so the decode worker and the viewer's
// assets resolve beside the file in both. `__SYNCTRACK_CJS__` is true in the CommonJS build only:
// there the pool starts `decode-worker.cjs` and adapter packages are `require`d, so a CommonJS app
// gets one copy of core (its error classes) rather than the ESM one beside it.
export default defineConfig({
  entry: { index: 'src/index.ts', internal: 'src/internal.ts', prestart: 'src/prestart.ts', 'decode-worker': 'src/scan/decode-worker.ts' },
  format: ['esm', 'cjs'],
  // The worker's declarations are empty (it exports nothing): there so every export condition has types.
  dts: { entry: { index: 'src/index.ts', internal: 'src/internal.ts', prestart: 'src/prestart.ts', 'decode-worker': 'src/scan/decode-worker.ts' } },
  sourcemap: false, // deliberate: CONTRIBUTING.md, "Packages", says why
  clean: true,
  target: 'node20',
  splitting: true,
  shims: true,
  esbuildOptions(options, { format }) {
    options.define = { ...options.define, __SYNCTRACK_CJS__: format === 'cjs' ? 'true' : 'false' };
  },
});
