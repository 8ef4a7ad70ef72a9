// GcsStorage against firebase-tools' Cloud Storage emulator (started by test/gcs-server.setup.ts):
// the full conformance suite, STORAGE_EMULATOR_HOST, typed errors, retries and abort.
import { expectStorageError, randomPrefix, startFaultProxy, testStorageAdapter, text, utf8, type FaultProxy } from '@synctrack/storage-conformance';
import { resolveStorage } from '@synctrack/core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gcsCredentialsFindable } from './gcs-credentials.js';
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

  // This machine is not on Google Cloud (no metadata server to ask), as CI's is not.
  it('without credentials to find, fails every call at once with one CONFIG_INVALID line, before any request', async () => {
    const gcloud = mkdtempSync(join(tmpdir(), 'synctrack-gcloud-'));
    try {
      const env = { CLOUDSDK_CONFIG: gcloud };
      const storage = new GcsStorage({ bucket: 'my-bucket', prefix: 'census', env });
      for (const call of [storage.list(''), storage.stat('metadata.json'), storage.read('metadata.json'), storage.write('x', utf8('x')), storage.delete('x')]) {
        const error = await expectStorageError(call, 'CONFIG_INVALID', storage);
        expect(error.message).toMatch(/^No Google Cloud credentials for gs:\/\/my-bucket\/census\/.*: set GOOGLE_APPLICATION_CREDENTIALS or run `gcloud auth application-default login`$/);
      }
      // gcloud's application default credentials, a key file named in the environment or the
      // options, and an emulator are each enough to go ahead.
      writeFileSync(join(gcloud, 'application_default_credentials.json'), '{}');
      expect(gcsCredentialsFindable(env)).toBe(true);
      expect(gcsCredentialsFindable({ CLOUDSDK_CONFIG: tmpdir(), GOOGLE_APPLICATION_CREDENTIALS: '/keys/reader.json' })).toBe(true);
      expect(gcsCredentialsFindable({ CLOUDSDK_CONFIG: tmpdir() })).toBe(false);
      const withEmulator = new GcsStorage({ bucket, prefix: randomPrefix('gcs-creds'), env: { CLOUDSDK_CONFIG: tmpdir(), STORAGE_EMULATOR_HOST: apiEndpoint } });
      expect((await withEmulator.list('')).objects).toEqual([]);
    } finally {
      rmSync(gcloud, { recursive: true, force: true });
    }
  });
});
