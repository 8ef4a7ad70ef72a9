// vitest globalSetup: azurite's blob service on a 127.0.0.1 port with one container, for the whole
// run, started in the background (scripts/test-servers/provided-server.ts).
import { BlobServiceClient } from '@azure/storage-blob';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { azuriteBlobEndpoint, azuriteConnectionString, startAzurite } from '../../../scripts/test-servers/azurite-server.js';
import { startProvidedServer } from '../../../scripts/test-servers/provided-server.js';

export const TEST_CONTAINER = 'synctrack-test';

let teardownServer: (() => Promise<void>) | undefined;

export async function setup(project: TestProject): Promise<void> {
  const { port, teardown } = await startProvidedServer(project, 'azurite', async (reserved) => {
    const server = await startAzurite(reserved);
    try {
      await BlobServiceClient.fromConnectionString(server.connectionString).getContainerClient(TEST_CONTAINER).createIfNotExists();
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  });
  teardownServer = teardown;
  const blobEndpoint = azuriteBlobEndpoint(port);
  project.provide('azureConnectionString', azuriteConnectionString(blobEndpoint));
  project.provide('azureBlobEndpoint', blobEndpoint);
  project.provide('azureContainer', TEST_CONTAINER);
}

export async function teardown(): Promise<void> {
  await teardownServer?.();
}

declare module 'vitest' {
  export interface ProvidedContext {
    azureConnectionString: string;
    azureBlobEndpoint: string;
    azureContainer: string;
  }
}
