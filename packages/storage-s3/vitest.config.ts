import { synctrackProject } from '../../vitest.shared.js';

// Starts fauxqs (installed on first use into .cache/test-servers/) for the run.
export default synctrackProject('storage-s3', { test: { globalSetup: ['./test/s3-server.setup.ts'] } });
