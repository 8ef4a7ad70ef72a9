import { synctrackProject } from '../../vitest.shared.js';

// Starts azurite (installed on first use into .cache/test-servers/) for the run.
export default synctrackProject('storage-azure', { test: { globalSetup: ['./test/azure-server.setup.ts'] } });
