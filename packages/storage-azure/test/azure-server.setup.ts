// vitest globalSetup: azurite's blob service on a free 127.0.0.1 port with one container, for the whole run.
import { BlobServiceClient } from '@azure/storage-blob';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startAzurite } from '../../../scripts/test-servers/azurite-server.js';

export const TEST_CONTAINER = 'synctrack-test';

let stopServer: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const server = await startAzurite();
  stopServer = server.stop;
  await BlobServiceClient.fromConnectionString(server.connectionString).getContainerClient(TEST_CONTAINER).createIfNotExists();
  project.provide('azureConnectionString', server.connectionString);
  project.provide('azureBlobEndpoint', server.blobEndpoint);
  project.provide('azureContainer', TEST_CONTAINER);
}

export async function teardown(): Promise<void> {
  await stopServer?.();
}

declare module 'vitest' {
  export interface ProvidedContext {
    azureConnectionString: string;
    azureBlobEndpoint: string;
    azureContainer: string;
  }
}
