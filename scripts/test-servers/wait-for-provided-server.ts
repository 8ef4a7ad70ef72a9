// vitest setup file of a project whose globalSetup starts its server in the background
// (provided-server.ts): no test file of the project runs before the server is up, and each fails
// with the reason when it did not start.
import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { inject } from 'vitest';
import { testServerLogsDir } from './install-test-server.js';
import type { ServerOutcome } from './provided-server.js';

/** A first install downloads ~130 MB. */
const WAIT_MS = 5 * 60_000;

const file = inject('testServerOutcome');
const deadline = Date.now() + WAIT_MS;
while (!existsSync(file)) {
  if (Date.now() > deadline) throw new Error(`The test server was not up after ${WAIT_MS / 1000} s; its logs are in ${testServerLogsDir}`);
  await sleep(50);
}
const outcome = JSON.parse(readFileSync(file, 'utf8')) as ServerOutcome;
if (!outcome.ok) throw new Error(`The test server did not start: ${outcome.error} (logs in ${testServerLogsDir})`);
