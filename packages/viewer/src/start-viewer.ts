// Starts the viewer on a local port: 127.0.0.1 unless another host is asked for, a free port for 0.
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import {
  InvalidArgumentError,
  PermissionDeniedError,
  SyncTrackingClient,
  type StorageAdapter,
} from '@synctrack/core';
import { allowedHostHeaders } from './server/security-headers.js';
import { loadStaticAssets } from './server/static-assets.js';
import { createViewerApp } from './server/viewer-app.js';

export interface ViewerOptions {
  /** Where the sync tracking data lives. */
  storage: StorageAdapter;
  /** Key prefix under which `sync_tracking_datasets/` and `metadata/` live. */
  prefix?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1. Any other address makes the data reachable from elsewhere: ask for it explicitly. */
  host?: string;
}

export interface ViewerHandle {
  /** `http://host:port/`, ready to open. */
  url: string;
  /** Stops listening, closes open connections, then the SDK client (its caches and its claim on the decode workers). */
  close(): Promise<void>;
}

export const DEFAULT_VIEWER_HOST = '127.0.0.1';

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') {
    return new InvalidArgumentError({ message: `Port ${port} on ${host} is already in use: choose another, or 0 for a free one`, context: { argument: 'port' }, cause: error });
  }
  if (error.code === 'EACCES') {
    return new PermissionDeniedError({ message: `Not allowed to listen on ${host}:${port}`, context: { argument: 'port' }, cause: error });
  }
  return new InvalidArgumentError({ message: `Cannot listen on ${host}:${port}: ${error.message}`, context: { argument: 'host' }, cause: error });
}

export async function startViewer(options: ViewerOptions): Promise<ViewerHandle> {
  const host = options.host ?? DEFAULT_VIEWER_HOST;
  const requestedPort = options.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65_535) {
    throw new InvalidArgumentError({ message: `port must be an integer from 0 to 65535, got ${String(options.port)}`, context: { argument: 'port' } });
  }
  if (typeof host !== 'string' || host === '') {
    throw new InvalidArgumentError({ message: 'host must be a non-empty string', context: { argument: 'host' } });
  }
  const client = new SyncTrackingClient({ storage: options.storage, prefix: options.prefix });
  const assets = loadStaticAssets();
  let allowedHosts: Set<string> | null = null;
  const app = createViewerApp({ client, assets, allowedHosts: () => allowedHosts });
  const server = createAdaptorServer({ fetch: app.fetch });

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(listenError(error, host, requestedPort));
    server.once('error', onError);
    server.listen(requestedPort, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = allowedHostHeaders(host, port);
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${port}/`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive browser connections would otherwise hold close() open.
        if ('closeAllConnections' in server) server.closeAllConnections();
      }).finally(() => client.close());
      return closing;
    },
  };
}
