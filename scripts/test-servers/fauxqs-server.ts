// fauxqs 1.9.2 (S3 API, in memory): 2.x needs node:sqlite and crashes on Node 20.
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { ensureTestServerInstalled } from './install-test-server.js';
import { answersHttp, startServerProcess, type RunningServer } from './server-process.js';

export async function startFauxqs(): Promise<RunningServer> {
  const dir = await ensureTestServerInstalled('fauxqs');
  const port = await freePort();
  return startServerProcess({
    name: 'fauxqs',
    port,
    command: process.execPath,
    args: [join(dir, 'node_modules', 'fauxqs', 'dist', 'cli.js')],
    env: { FAUXQS_PORT: String(port) },
    ready: (url) => answersHttp(`${url}/health`, 200),
  });
}
