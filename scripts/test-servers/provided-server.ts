// A storage server a project's vitest globalSetup starts without holding up the run. The setup
// reserves the server's port, provides its address to the tests at once, and installs (on a fresh
// clone) and starts the server in the background while every other project's tests run; the
// project's test files wait for it in a setup file (wait-for-provided-server.ts). Before, the three
// globalSetups installed and started their servers one after another before any test began: 11 s
// of a fresh clone's `npm test`, one core mostly idle.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { reservePort, type ReservedPort } from './free-port.js';
import { testServersDir } from './install-test-server.js';

/** What the setup file reads: the server is up, or why it is not. */
export type ServerOutcome = { ok: true } | { ok: false; error: string };

/**
 * In a globalSetup: reserves a port, starts `start` on it in the background, and provides the file
 * its outcome is written to (`testServerOutcome`). Returns the port, for the addresses the setup
 * provides, and the teardown, which waits for the start to settle and stops the server.
 */
export async function startProvidedServer(
  project: TestProject,
  name: string,
  start: (port: ReservedPort) => Promise<{ stop: () => Promise<void> }>,
): Promise<{ port: number; teardown: () => Promise<void> }> {
  const folder = join(testServersDir, 'outcomes');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}-${process.pid}.json`);
  rmSync(file, { force: true });
  project.provide('testServerOutcome', file);
  // Written beside and renamed: a test never reads half of it.
  const write = (outcome: ServerOutcome) => {
    writeFileSync(`${file}.partial`, JSON.stringify(outcome));
    renameSync(`${file}.partial`, file);
  };
  const reserved = await reservePort();
  const started = start(reserved).then(
    (server) => {
      write({ ok: true });
      return server;
    },
    async (error: unknown) => {
      await reserved.release().catch(() => undefined);
      write({ ok: false, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    },
  );
  return {
    port: reserved.port,
    teardown: async () => {
      const server = await started;
      rmSync(file, { force: true });
      await server?.stop();
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the project's globalSetup writes whether its server started (a ServerOutcome). */
    testServerOutcome: string;
  }
}
