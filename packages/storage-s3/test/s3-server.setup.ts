// vitest globalSetup: a fauxqs S3 server on a free 127.0.0.1 port with one bucket, for the whole run.
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startFauxqs } from '../../../scripts/test-servers/fauxqs-server.js';

export const TEST_BUCKET = 'synctrack-test';

let stopServer: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const server = await startFauxqs();
  stopServer = server.stop;
  const client = new S3Client({
    endpoint: server.url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await client.send(new CreateBucketCommand({ Bucket: TEST_BUCKET }));
  client.destroy();
  project.provide('s3Endpoint', server.url);
  project.provide('s3Bucket', TEST_BUCKET);
}

export async function teardown(): Promise<void> {
  await stopServer?.();
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    s3Bucket: string;
  }
}
