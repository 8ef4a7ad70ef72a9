import { synctrackProject } from '../../vitest.shared.js';

// Isolated: fs-listing-locked.test.ts replaces node:fs/promises with vi.mock.
export default synctrackProject('storage-fs', { test: { isolate: true } });
