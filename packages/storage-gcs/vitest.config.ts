import { synctrackProject } from '../../vitest.shared.js';

// Starts the firebase-tools Cloud Storage emulator (installed on first use into .cache/test-servers/).
export default synctrackProject('storage-gcs', { test: { globalSetup: ['./test/gcs-server.setup.ts'] } });
