import { defineConfig } from 'tsup';

// ESM (`.js`, `.d.ts`) for `import` and CommonJS (`.cjs`, `.d.cts`) for `require`; `shims` gives
// the CommonJS build an `import.meta.url` (from `__filename`).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: false, // deliberate: CONTRIBUTING.md, "Packages", says why
  clean: true,
  target: 'node20',
  shims: true,
});
