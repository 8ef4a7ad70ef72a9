import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'test/packaging/vitest.config.ts', 'examples/vitest.config.ts'].filter((path) => !path.startsWith('examples') || existsSync(path)),
  },
});
