import { storageServerProject } from '../../vitest.shared.js';

// Starts fauxqs (installed on first use into .cache/test-servers/) for the run.
export default storageServerProject('storage-s3', './test/s3-server.setup.ts');
