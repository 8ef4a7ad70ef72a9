// azurite (Microsoft's Azure Storage emulator), blob service only, in memory.
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { ensureTestServerInstalled } from './install-test-server.js';
import { answersHttp, startServerProcess, type RunningServer } from './server-process.js';

/** azurite's published development account key (not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function azuriteConnectionString(blobEndpoint: string, accountKey = AZURITE_ACCOUNT_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};`;
}

export async function startAzurite(): Promise<RunningServer & { blobEndpoint: string; connectionString: string }> {
  const dir = await ensureTestServerInstalled('azurite');
  const port = await freePort();
  const server = await startServerProcess({
    name: 'azurite',
    port,
    command: process.execPath,
    args: [
      join(dir, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js'),
      '--blobHost', '127.0.0.1',
      '--blobPort', String(port),
      '--inMemoryPersistence',
      // The latest SDK sends an API version newer than azurite knows.
      '--skipApiVersionCheck',
      // Without it azurite reaches for outside addresses and ignores SIGTERM for a long time.
      '--disableTelemetry',
      '--silent',
    ],
    cwd: dir,
    ready: (url) => answersHttp(`${url}/${AZURITE_ACCOUNT}?comp=list`),
  });
  const blobEndpoint = `${server.url}/${AZURITE_ACCOUNT}`;
  return { ...server, blobEndpoint, connectionString: azuriteConnectionString(blobEndpoint) };
}
