// S3Storage against a real S3 API server (fauxqs, started by test/s3-server.setup.ts): the full
// conformance suite, configuration from the environment, typed errors, retries and abort.
import { expectStorageError, randomPrefix, startFaultProxy, testStorageAdapter, text, utf8, type FaultProxy } from '@synctrack/storage-conformance';
import { resolveStorage } from '@synctrack/core';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { S3Storage } from './s3-storage.js';

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    s3Bucket: string;
  }
}

const endpoint = inject('s3Endpoint');
const bucket = inject('s3Bucket');
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

testStorageAdapter({
  name: 's3 (fauxqs)',
  create: () => ({ storage: new S3Storage({ bucket, prefix: randomPrefix('s3'), endpoint, credentials }) }),
  faults: {
    target: endpoint,
    create: (proxyUrl) => ({
      storage: new S3Storage({ bucket, prefix: randomPrefix('s3-faults'), endpoint: proxyUrl, credentials, readTimeoutMs: 1_000 }),
    }),
    attempts: 4,
    readTimeoutMs: 1_000,
  },
});

describe('S3Storage', () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    proxy = await startFaultProxy(endpoint);
  });
  afterAll(() => proxy.stop());
  const throughProxy = (prefix = randomPrefix('s3-faults')) => {
    proxy.reset();
    return new S3Storage({ bucket, prefix, endpoint: proxy.url, credentials });
  };

  it('finds an S3-compatible server through AWS_ENDPOINT_URL_S3 (path-style) and credentials through the SDK chain', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', endpoint);
    vi.stubEnv('AWS_ENDPOINT_URL', 'http://127.0.0.1:9');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'from-env');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'from-env');
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    try {
      const storage = new S3Storage({ bucket, prefix: randomPrefix('s3-env') });
      await storage.write('env.txt', utf8('configured from the environment'));
      expect(text(await storage.read('env.txt'))).toBe('configured from the environment');
      expect(await storage.client.config.forcePathStyle).toBe(true);
      expect(await storage.client.config.region()).toBe('eu-west-1');
      await storage.close();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('is what the core location registry opens for s3:// locations', async () => {
    const prefix = randomPrefix('s3-location');
    const resolved = await resolveStorage(`s3://${bucket}/${prefix}`, {
      env: { AWS_ENDPOINT_URL_S3: endpoint },
      adapterOptions: { credentials },
    });
    expect(resolved.storage).toBeInstanceOf(S3Storage);
    expect(resolved.prefix).toBe(prefix);
    await resolved.storage.write!(`${resolved.prefix}metadata.json`, utf8('{}'));
    expect((await resolved.storage.stat(`${prefix}metadata.json`)).size).toBe(2);
    await resolved.storage.close?.();
  });

  it('falls back to AWS_ENDPOINT_URL', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL_S3', '');
    vi.stubEnv('AWS_ENDPOINT_URL', endpoint);
    try {
      const storage = new S3Storage({ bucket, prefix: randomPrefix('s3-env'), credentials });
      expect((await storage.list('')).objects).toEqual([]);
      await storage.close();
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('maps a missing bucket to NOT_FOUND naming the bucket, and deleting from it is not a silent no-op', async () => {
    const storage = new S3Storage({ bucket: 'no-such-bucket-here', endpoint, credentials });
    const error = await expectStorageError(storage.read('a.parquet'), 'NOT_FOUND', storage, 'a.parquet');
    expect(error.context.bucket).toBe('no-such-bucket-here');
    expect(error.message).toContain('no-such-bucket-here');
    expect((error.cause as Error).name).toBe('NoSuchBucket');
    await expectStorageError(storage.list(''), 'NOT_FOUND', storage);
    await expectStorageError(storage.delete('a.parquet'), 'NOT_FOUND', storage);
  });

  it('maps S3 AccessDenied to PERMISSION_DENIED with the SDK error as cause', async () => {
    const storage = throughProxy();
    proxy.inject({
      kind: 'status',
      status: 403,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>',
    });
    const error = await expectStorageError(storage.read('secret.parquet'), 'PERMISSION_DENIED', storage, 'secret.parquet');
    expect(error.retryable).toBe(false);
    expect((error.cause as Error).name).toBe('AccessDenied');
    expect(proxy.requests).toBe(1);
  });

  it('always sends Content-Length on puts', async () => {
    const storage = throughProxy();
    await storage.write('sized.bin', new Uint8Array(12_345));
    const put = proxy.log.find((request) => request.method === 'PUT');
    expect(put?.headers['content-length']).toBe('12345');
    expect(put?.headers['transfer-encoding']).toBeUndefined();
  });

  it('refuses an invalid bucket name with INVALID_ARGUMENT', () => {
    expect(() => new S3Storage({ bucket: 'Not_A_Bucket' })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
