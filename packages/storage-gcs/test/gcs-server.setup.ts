// vitest globalSetup: firebase-tools' Cloud Storage emulator on a 127.0.0.1 port for the whole run,
// started in the background (scripts/test-servers/provided-server.ts).
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startGcsEmulator } from '../../../scripts/test-servers/gcs-emulator-server.js';
import { startProvidedServer } from '../../../scripts/test-servers/provided-server.js';
import { serverUrl } from '../../../scripts/test-servers/server-process.js';

let teardownServer: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const { port, teardown } = await startProvidedServer(project, 'gcs-emulator', (reserved) => startGcsEmulator(reserved));
  teardownServer = teardown;
  project.provide('gcsEndpoint', serverUrl(port));
  // The emulator creates a bucket on first use (its bucket.create() answers 501).
  project.provide('gcsBucket', 'synctrack-test');
}

export async function teardown(): Promise<void> {
  await teardownServer?.();
}

declare module 'vitest' {
  export interface ProvidedContext {
    gcsEndpoint: string;
    gcsBucket: string;
  }
}
