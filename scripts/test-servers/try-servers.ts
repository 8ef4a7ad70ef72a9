// Smoke check: starts and stops every test server (`npx tsx scripts/test-servers/try-servers.ts`).
import { startAzurite } from './azurite-server.js';
import { startFauxqs } from './fauxqs-server.js';
import { startGcsEmulator } from './gcs-emulator-server.js';

for (const start of [startFauxqs, startAzurite, startGcsEmulator]) {
  const began = Date.now();
  const server = await start();
  console.log(`${start.name}: ${server.url} ready in ${Date.now() - began} ms (log ${server.logFile})`);
  await server.stop();
}
