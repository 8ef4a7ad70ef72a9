import { defineConfig } from 'tsup';

// vitest and core stay external: the suite registers tests with the caller's own vitest.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  external: ['vitest', '@synctrack/core'],
});
