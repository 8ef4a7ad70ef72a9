import { defineConfig } from 'tsup';

// Two entries: the programmatic API (`runCli`) and the executable. tsup keeps the `#!/usr/bin/env node`
// line of bin.ts and marks the output executable.
export default defineConfig({
  entry: { index: 'src/index.ts', bin: 'src/bin.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
});
