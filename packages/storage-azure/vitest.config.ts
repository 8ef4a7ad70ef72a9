import { storageServerProject } from '../../vitest.shared.js';

// Starts azurite (installed on first use into .cache/test-servers/) for the run.
export default storageServerProject('storage-azure', './test/azure-server.setup.ts');
