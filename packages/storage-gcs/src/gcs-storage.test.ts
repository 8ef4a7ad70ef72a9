// GcsStorage against firebase-tools' Cloud Storage emulator (started by test/gcs-server.setup.ts):
// the full conformance suite, STORAGE_EMULATOR_HOST, typed errors, retries and abort.
import { expectStorageError, randomPrefix, startFaultProxy, testStorageAdapter, text, utf8, type FaultProxy } from '@synctrack/storage-conformance';
import { resolveStorage } from '@synctrack/core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { GcsStorage } from './gcs-storage.js';

declare module 'vitest' {
  export interface ProvidedContext {
    gcsEndpoint: string;
    gcsBucket: string;
  }
}

const apiEndpoint = inject('gcsEndpoint');
const bucket = inject('gcsBucket');
// Retries at most 0.2 s apart, so the fault scenarios stay quick.
const fastRetry = { maxRetryDelay: 0.2 };

testStorageAdapter({
  name: 'gcs (firebase emulator)',
  create: () => ({ storage: new GcsStorage({ bucket, prefix: randomPrefix('gcs'), apiEndpoint, projectId: 'synctrack-test' }) }),
  faults: {
    target: apiEndpoint,
    create: (proxyUrl) => ({
      storage: new GcsStorage({
        bucket,
        prefix: randomPrefix('gcs-faults'),
        apiEndpoint: proxyUrl,
        projectId: 'synctrack-test',
        retry: fastRetry,
        readTimeoutMs: 1_000,
      }),
    }),
    attempts: 4,
    readTimeoutMs: 1_000,
  },
});

describe('GcsStorage', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(apiEndpoint);
  });
  afterAll(() => proxy.stop());
  const throughProxy = () => {
    proxy.reset();
    return new GcsStorage({ bucket, prefix: randomPrefix('gcs-faults'), apiEndpoint: proxy.url, projectId: 'synctrack-test', retry: fastRetry });
  };

  it('finds the emulator through STORAGE_EMULATOR_HOST', async () => {
    // With the scheme: the SDK uses the variable as a base URL as it is for downloads.
    vi.stubEnv('STORAGE_EMULATOR_HOST', apiEndpoint);
    try {
      const storage = new GcsStorage({ bucket, prefix: randomPrefix('gcs-env') });
      await storage.write('env.txt', utf8('configured from the environment'));
      expect(text(await storage.read('env.txt'))).toBe('configured from the environment');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('is what the core location registry opens for gs:// locations', async () => {
    const prefix = randomPrefix('gcs-location');
    const resolved = await resolveStorage(`gs://${bucket}/${prefix}`, { env: { STORAGE_EMULATOR_HOST: apiEndpoint } });
    expect(resolved.storage).toBeInstanceOf(GcsStorage);
    expect(resolved.prefix).toBe(prefix);
    await resolved.storage.write!(`${prefix}metadata.json`, utf8('{}'));
    expect((await resolved.storage.stat(`${prefix}metadata.json`)).size).toBe(2);
  });

  it('detects a range the server ignored (200 with the whole object) and still answers per v1', async () => {
    const storage = throughProxy();
    await storage.write('digits.txt', utf8('0123456789'));
    await expectStorageError(storage.read('digits.txt', { range: { offset: 10, length: 5 } }), 'RANGE_NOT_SATISFIABLE', storage, 'digits.txt');
    expect(text(await storage.read('digits.txt', { range: { offset: 8, length: 5 } }))).toBe('89');
  });

  it('maps a 403 from GCS to PERMISSION_DENIED with the SDK error as cause', async () => {
    const storage = throughProxy();
    proxy.inject({
      kind: 'status',
      status: 403,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: { code: 403, message: 'caller does not have storage.objects.get access', errors: [{ reason: 'forbidden' }] } }),
    });
    const error = await expectStorageError(storage.stat('secret.parquet'), 'PERMISSION_DENIED', storage, 'secret.parquet');
    expect(error.retryable).toBe(false);
    expect((error.cause as { code?: number }).code).toBe(403);
  });
});
