// azurite (Microsoft's Azure Storage emulator), blob service only, in memory.
import { join } from 'node:path';
import { freePort, type ReservedPort } from './free-port.js';
import { ensureTestServerInstalled } from './install-test-server.js';
import { answersHttp, serverUrl, startServerProcess, type RunningServer } from './server-process.js';

/** azurite's published development account key (not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The blob endpoint of an azurite started on `port`: its URL and the account. */
export function azuriteBlobEndpoint(port: number): string {
  return `${serverUrl(port)}/${AZURITE_ACCOUNT}`;
}

export function azuriteConnectionString(blobEndpoint: string, accountKey = AZURITE_ACCOUNT_KEY): string {
  return `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${accountKey};BlobEndpoint=${blobEndpoint};`;
}

export async function startAzurite(reserved?: ReservedPort): Promise<RunningServer & { blobEndpoint: string; connectionString: string }> {
  const dir = await ensureTestServerInstalled('azurite');
  // A reserved port is let go only now, once the install is done, just before the server takes it.
  await reserved?.release();
  const port = reserved?.port ?? (await freePort());
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
  const blobEndpoint = azuriteBlobEndpoint(port);
  return { ...server, blobEndpoint, connectionString: azuriteConnectionString(blobEndpoint) };
}
