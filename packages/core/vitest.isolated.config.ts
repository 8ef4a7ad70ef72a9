import { synctrackProject } from '../../vitest.shared.js';

/**
 * Test files that assert on state one process holds once: the shared decode pool's workers end when
 * the last client using it closes, which a client another file left open in the same worker would
 * hide. They run each in a fresh process; the rest of core shares its workers' module graph.
 */
export const ISOLATED_FILES = ['src/client/sync-tracking-client.test.ts'];

export default synctrackProject('core-isolated', { test: { include: ISOLATED_FILES, isolate: true } });
