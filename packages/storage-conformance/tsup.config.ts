import { defineConfig } from 'tsup';

// vitest and core stay external: the suite registers tests with the caller's own vitest.
// ESM only, unlike the other packages: vitest refuses `require()` ("Vitest cannot be imported in a
// CommonJS module"), so a CommonJS build of this suite could never run.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: false, // deliberate: CONTRIBUTING.md, "Packages", says why
  clean: true,
  target: 'node20',
  external: ['vitest', '@synctrack/core'],
});
