import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { SpreadSequencer } from './vitest.sequencer.js';

export default defineConfig({
  test: {
    // vitest's default is one worker fewer than the cores: one on a 2-core machine, where the files
    // then run one after another while many of them wait on servers, child processes, Chromium and
    // timers. One worker more than the cores keeps the cores busy through those waits.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: SpreadSequencer },
    projects: ['packages/*/vitest.config.ts', 'packages/*/vitest.isolated.config.ts', 'test/packaging/vitest.config.ts', 'examples/vitest.config.ts'].filter((path) => !path.startsWith('examples') || existsSync(path)),
  },
});
