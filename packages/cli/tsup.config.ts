import { rm } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// Two entries: the programmatic API (`runCli`) and the executable. tsup keeps the `#!/usr/bin/env node`
// line of bin.ts and marks the output executable. The API in both formats, ESM (`.js`, `.d.ts`) for
// `import` and CommonJS (`.cjs`, `.d.cts`) for `require`; the executable only as ESM (the CommonJS
// copy tsup also writes is removed: nothing would run it). `shims` gives the CommonJS build an
// `import.meta.url` (from `__filename`).
export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: false, // deliberate: CONTRIBUTING.md, "Packages", says why
  clean: true,
  target: 'node20',
  splitting: true,
  shims: true,
  async onSuccess() {
    await Promise.all(['dist/bin.cjs', 'dist/bin.cjs.map'].map((file) => rm(file, { force: true })));
  },
});
