// The storage examples, run as a user runs them (tsx, configuration from the environment) against
// the real servers the adapter tests use: fauxqs for S3, the Cloud Storage emulator, azurite.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { BlobServiceClient } from '@azure/storage-blob';
import { SyncRunWriter, SyncTrackingClient, type StorageAdapter } from '@synctrack/core';
import { createAzureStorage } from '@synctrack/storage-azure';
import { createGcsStorage } from '@synctrack/storage-gcs';
import { createS3Storage } from '@synctrack/storage-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { startAzurite } from '../scripts/test-servers/azurite-server.js';
import { startFauxqs } from '../scripts/test-servers/fauxqs-server.js';
import { startGcsEmulator } from '../scripts/test-servers/gcs-emulator-server.js';

const runFile = promisify(execFile);
const tsx = join(import.meta.dirname, '../node_modules/.bin/tsx');
const stops: Array<() => Promise<void>> = [];

afterAll(async () => {
  await Promise.all(stops.map((stop) => stop()));
});

/** Writes one small run through the adapter; returns the summary line the examples should print. */
async function writeRun(storage: StorageAdapter): Promise<string> {
  const run = { orgId: '4821', syncId: '120', runId: '77' };
  const writer = new SyncRunWriter({ storage, run, prefix: 'census' });
  await writer.writeMetadata({ sync_run_start_time: '2026-11-23T06:00:00Z' });
  await writer.writeBatch(
    'records_updated',
    Array.from({ length: 300 }, (_, index) => ({
      identifier: String(index),
      payload: { index },
      operation: 'upsert',
      status: index % 10 === 0 ? 'rejected' : index % 25 === 1 ? 'NULL' : 'succeeded',
      statusMessage: index % 10 === 0 ? 'INVALID_EMAIL_ADDRESS' : null,
      batchStartedAt: new Date('2026-11-23T06:00:00Z'),
      batchEndedAt: new Date('2026-11-23T06:00:05Z'),
    })),
  );
  const summary = await new SyncTrackingClient({ storage, prefix: 'census' }).summary(run);
  const { success, rejected, invalid } = summary.byOutcome;
  return `org 4821 sync 120 run 77: ${summary.total} records, ${success} success, ${rejected} rejected, ${invalid} invalid`;
}

async function example(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await runFile(tsx, [join(import.meta.dirname, script), ...args], { env: { ...process.env, ...env } });
  return stdout;
}

describe('storage examples against real servers', () => {
  it('s3-bucket.ts and any-location.ts read S3 (fauxqs)', async () => {
    const server = await startFauxqs();
    stops.push(server.stop);
    const env = { AWS_ENDPOINT_URL_S3: server.url, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' };
    const s3 = new S3Client({ endpoint: server.url, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
    await s3.send(new CreateBucketCommand({ Bucket: 'examples' }));
    const expected = await writeRun(createS3Storage({ bucket: 'examples', client: s3 }));
    s3.destroy();
    expect(await example('s3-bucket.ts', ['examples', 'census'], env)).toContain(expected);
    expect(await example('any-location.ts', ['s3://examples/census'], env)).toContain(expected);
  });

  it('gcs-bucket.ts reads Cloud Storage (the emulator)', async () => {
    const server = await startGcsEmulator();
    stops.push(server.stop);
    const expected = await writeRun(createGcsStorage({ bucket: 'examples', apiEndpoint: server.url, projectId: 'synctrack-test' }));
    const env = { STORAGE_EMULATOR_HOST: server.url, GOOGLE_CLOUD_PROJECT: 'synctrack-test' };
    expect(await example('gcs-bucket.ts', ['examples', 'census'], env)).toContain(expected);
  });

  it('azure-container.ts reads Blob Storage (azurite)', async () => {
    const server = await startAzurite();
    stops.push(server.stop);
    await BlobServiceClient.fromConnectionString(server.connectionString).getContainerClient('examples').createIfNotExists();
    const env = { AZURE_STORAGE_CONNECTION_STRING: server.connectionString };
    const expected = await writeRun(createAzureStorage({ container: 'examples', connectionString: server.connectionString }));
    expect(await example('azure-container.ts', ['examples', 'census'], env)).toContain(expected);
  });

  it.each([
    ['s3-bucket.ts', /^s3-bucket\.ts: No AWS region for s3:\/\/census\/sync_tracking_datasets\/: set AWS_REGION/],
    ['gcs-bucket.ts', /^gcs-bucket\.ts: No Google Cloud credentials for gs:\/\/census\/sync_tracking_datasets\/: set GOOGLE_APPLICATION_CREDENTIALS/],
    ['azure-container.ts', /^azure-container\.ts: No Azure storage account for container census: set AZURE_STORAGE_CONNECTION_STRING/],
  ])('%s without settings fails with one line, at once', async (script, message) => {
    // Nothing configured: no region, credentials, account or emulator; the AWS SDK's own Node 20 notice switched off.
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, CLOUDSDK_CONFIG: '/nonexistent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const failure = await runFile(tsx, [join(import.meta.dirname, script), 'census'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    const { stderr } = failure as { stderr: string };
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
