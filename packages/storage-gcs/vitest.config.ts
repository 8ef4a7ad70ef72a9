import { storageServerProject } from '../../vitest.shared.js';

// Starts the firebase-tools Cloud Storage emulator (installed on first use into .cache/test-servers/).
export default storageServerProject('storage-gcs', './test/gcs-server.setup.ts');
