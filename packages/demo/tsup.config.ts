import { rm } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// The library in both formats, ESM (`.js`, `.d.ts`) for `import` and CommonJS (`.cjs`, `.d.cts`)
// for `require`; the `synctrack-demo` executable only as ESM (the CommonJS copy tsup also writes is
// removed: nothing would run it).
export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: false, // deliberate: CONTRIBUTING.md, "Packages", says why
  clean: true,
  target: 'node20',
  shims: true,
  async onSuccess() {
    await Promise.all(['dist/bin.cjs', 'dist/bin.cjs.map'].map((file) => rm(file, { force: true })));
  },
});
