// firebase-tools' Cloud Storage emulator, through our launcher (no Java rules runtime).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { ensureTestServerInstalled } from './install-test-server.js';
import { answersHttp, startServerProcess, type RunningServer } from './server-process.js';

export async function startGcsEmulator(): Promise<RunningServer> {
  const dir = await ensureTestServerInstalled('firebase-tools');
  const port = await freePort();
  const persistence = mkdtempSync(join(tmpdir(), 'synctrack-gcs-emulator-'));
  const server = await startServerProcess({
    name: 'gcs-emulator',
    port,
    command: process.execPath,
    args: [
      fileURLToPath(new URL('./gcs-emulator-launcher.mjs', import.meta.url)),
      join(dir, 'node_modules', 'firebase-tools'),
      '127.0.0.1',
      String(port),
      persistence,
    ],
    ready: (url) => answersHttp(`${url}/b`, 200),
  });
  return {
    ...server,
    stop: async () => {
      await server.stop();
      rmSync(persistence, { recursive: true, force: true });
    },
  };
}
