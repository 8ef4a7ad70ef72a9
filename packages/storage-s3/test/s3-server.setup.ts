// vitest globalSetup: a fauxqs S3 server on a 127.0.0.1 port with one bucket, for the whole run,
// started in the background (scripts/test-servers/provided-server.ts).
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startFauxqs } from '../../../scripts/test-servers/fauxqs-server.js';
import { startProvidedServer } from '../../../scripts/test-servers/provided-server.js';
import { serverUrl } from '../../../scripts/test-servers/server-process.js';

export const TEST_BUCKET = 'synctrack-test';

let teardownServer: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const { port, teardown } = await startProvidedServer(project, 'fauxqs', async (reserved) => {
    const server = await startFauxqs(reserved);
    const client = new S3Client({
      endpoint: server.url,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      await client.send(new CreateBucketCommand({ Bucket: TEST_BUCKET }));
    } catch (error) {
      await server.stop();
      throw error;
    } finally {
      client.destroy();
    }
    return server;
  });
  teardownServer = teardown;
  project.provide('s3Endpoint', serverUrl(port));
  project.provide('s3Bucket', TEST_BUCKET);
}

export async function teardown(): Promise<void> {
  await teardownServer?.();
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3Endpoint: string;
    s3Bucket: string;
  }
}
