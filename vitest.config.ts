import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { ISOLATED_FILES as CORE_ISOLATED_FILES } from './packages/core/vitest.isolated.config.js';
import { packagesProject } from './vitest.shared.js';
import { SpreadSequencer } from './vitest.sequencer.js';

/**
 * Packages whose tests run in one project (packagesProject): their own vitest.config.ts files say
 * nothing more than synctrackProject does, and serve `npx vitest` run in the package's folder.
 */
const SHARED_PROJECT_PACKAGES = ['core', 'cli', 'demo', 'viewer', 'storage-conformance'];

export default defineConfig({
  test: {
    // vitest's default is one worker fewer than the cores: one on a 2-core machine, where the files
    // then run one after another while many of them wait on servers, child processes, Chromium and
    // timers. One worker more than the cores keeps the cores busy through those waits.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: SpreadSequencer },
    projects: [
      packagesProject('packages', SHARED_PROJECT_PACKAGES, CORE_ISOLATED_FILES.map((file) => `packages/core/${file}`)),
      ...readdirSync(new URL('./packages/', import.meta.url))
        .filter((folder) => !SHARED_PROJECT_PACKAGES.includes(folder))
        .map((folder) => `packages/${folder}/vitest.config.ts`)
        .filter((path) => existsSync(new URL(path, import.meta.url))),
      'packages/core/vitest.isolated.config.ts',
      'test/packaging/vitest.config.ts',
      ...['examples/vitest.config.ts'].filter((path) => existsSync(new URL(path, import.meta.url))),
    ],
  },
});
