// vitest globalSetup: firebase-tools' Cloud Storage emulator on a free 127.0.0.1 port for the whole run.
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startGcsEmulator } from '../../../scripts/test-servers/gcs-emulator-server.js';

let stopServer: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const server = await startGcsEmulator();
  stopServer = server.stop;
  project.provide('gcsEndpoint', server.url);
  // The emulator creates a bucket on first use (its bucket.create() answers 501).
  project.provide('gcsBucket', 'synctrack-test');
}

export async function teardown(): Promise<void> {
  await stopServer?.();
}

declare module 'vitest' {
  export interface ProvidedContext {
    gcsEndpoint: string;
    gcsBucket: string;
  }
}
