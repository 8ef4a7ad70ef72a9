// Pre-installs every test server (for CI caches or before going offline): `npx tsx scripts/test-servers/install-all.ts`.
import { TEST_SERVER_PACKAGES, ensureTestServerInstalled } from './install-test-server.js';

for (const pkg of Object.values(TEST_SERVER_PACKAGES)) await ensureTestServerInstalled(pkg);
