// Pre-installs the test servers (for CI caches or before going offline): `npx tsx scripts/test-servers/install-all.ts`.
import { TEST_SERVERS, ensureTestServerInstalled } from './install-test-server.js';

for (const server of TEST_SERVERS) console.log(await ensureTestServerInstalled(server));
