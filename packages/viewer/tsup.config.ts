import { defineConfig } from 'tsup';

// Two builds: the Node server (dist/index.js) and the browser front end (dist/assets/), a single
// minified script bundled by esbuild plus the static files in src/ui/public/. The server build
// leaves dist/assets/ alone so the two can run side by side. The server in both formats, ESM (`.js`,
// `.d.ts`) for `import` and CommonJS (`.cjs`, `.d.cts`) for `require`; `shims` gives the CommonJS
// build an `import.meta.url` (from `__filename`), so the assets resolve beside it.
export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    shims: true,
    dts: true,
    sourcemap: false, // deliberate: CONTRIBUTING.md, "Packages", says why
    clean: ['!assets/**'],
    target: 'node20',
    splitting: false,
  },
  {
    entry: { app: 'src/ui/main.ts' },
    outDir: 'dist/assets',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    clean: true,
    dts: false,
    splitting: false,
    publicDir: 'src/ui/public',
    outExtension: () => ({ js: '.js' }),
  },
]);
