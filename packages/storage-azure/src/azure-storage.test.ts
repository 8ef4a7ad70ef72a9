// AzureStorage against azurite (started by test/azure-server.setup.ts): the full conformance suite,
// configuration from AZURE_STORAGE_*, typed errors for a wrong key and a missing container, retries and abort.
import { expectStorageError, randomPrefix, testStorageAdapter, text, utf8 } from '@synctrack/storage-conformance';
import { resolveStorage } from '@synctrack/core';
import { describe, expect, inject, it, vi } from 'vitest';
import { accountOfConnectionString } from './azure-client.js';
import { AzureStorage } from './azure-storage.js';

declare module 'vitest' {
  export interface ProvidedContext {
    azureConnectionString: string;
    azureBlobEndpoint: string;
    azureContainer: string;
  }
}

const connectionString = inject('azureConnectionString');
const blobEndpoint = inject('azureBlobEndpoint');
const container = inject('azureContainer');
const account = accountOfConnectionString(connectionString)!;
const accountKey = /AccountKey=([^;]+)/.exec(connectionString)![1]!;
const fastRetry = { retryDelayInMs: 50, maxRetryDelayInMs: 200 };

testStorageAdapter({
  name: 'azure (azurite)',
  create: () => ({ storage: new AzureStorage({ container, prefix: randomPrefix('azure'), connectionString }) }),
  faults: {
    target: blobEndpoint,
    create: (proxyUrl) => ({
      storage: new AzureStorage({
        container,
        prefix: randomPrefix('azure-faults'),
        account,
        accountKey,
        endpoint: `${proxyUrl}/${account}`,
        retry: fastRetry,
        readTimeoutMs: 1_000,
      }),
    }),
    attempts: 4,
    readTimeoutMs: 1_000,
  },
});

describe('AzureStorage', () => {
  it('connects through AZURE_STORAGE_CONNECTION_STRING', async () => {
    vi.stubEnv('AZURE_STORAGE_CONNECTION_STRING', connectionString);
    try {
      const storage = new AzureStorage({ container, prefix: randomPrefix('azure-env') });
      await storage.write('env.txt', utf8('configured from the environment'));
      expect(text(await storage.read('env.txt'))).toBe('configured from the environment');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('is what the core location registry opens for az:// locations, with the account from the connection string', async () => {
    const prefix = randomPrefix('azure-location');
    const resolved = await resolveStorage(`az://${container}/${prefix}`, { env: { AZURE_STORAGE_CONNECTION_STRING: connectionString } });
    expect(resolved.storage).toBeInstanceOf(AzureStorage);
    expect(resolved.prefix).toBe(prefix);
    await resolved.storage.write!(`${prefix}metadata.json`, utf8('{}'));
    expect((await resolved.storage.stat(`${prefix}metadata.json`)).size).toBe(2);
  });

  it('connects through AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY with an endpoint', async () => {
    vi.stubEnv('AZURE_STORAGE_CONNECTION_STRING', '');
    vi.stubEnv('AZURE_STORAGE_ACCOUNT', account);
    vi.stubEnv('AZURE_STORAGE_KEY', accountKey);
    try {
      const storage = new AzureStorage({ container, prefix: randomPrefix('azure-env'), endpoint: blobEndpoint });
      await storage.write('key.txt', utf8('shared key'));
      expect(text(await storage.read('key.txt'))).toBe('shared key');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('without a key or @azure/identity installed, says which package to install', async () => {
    const storage = new AzureStorage({ container, account: 'someaccount', env: {} });
    const error = await expectStorageError(storage.read('x.parquet'), 'ADAPTER_NOT_INSTALLED', storage);
    expect(error.message).toContain('npm install @azure/identity');
  });

  it('without any account, is CONFIG_INVALID naming the variables', async () => {
    const storage = new AzureStorage({ container, env: {} });
    const error = await expectStorageError(storage.list(''), 'CONFIG_INVALID', storage);
    expect(error.message).toContain('AZURE_STORAGE_CONNECTION_STRING');
  });

  it('maps a wrong account key to PERMISSION_DENIED with the SDK error as cause', async () => {
    const wrongKey = Buffer.from('not the key of this account at all').toString('base64');
    const storage = new AzureStorage({ container, account, accountKey: wrongKey, endpoint: blobEndpoint, retry: fastRetry });
    const error = await expectStorageError(storage.read('any.parquet'), 'PERMISSION_DENIED', storage, 'any.parquet');
    expect((error.cause as { statusCode?: number }).statusCode).toBe(403);
  });

  it('maps a missing container to NOT_FOUND naming the container', async () => {
    const storage = new AzureStorage({ container: 'no-such-container', connectionString });
    const error = await expectStorageError(storage.list(''), 'NOT_FOUND', storage);
    expect(error.message).toContain('no-such-container');
    await expectStorageError(storage.stat('a.parquet'), 'NOT_FOUND', storage, 'a.parquet');
  });
});
