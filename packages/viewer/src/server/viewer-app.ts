// The viewer's HTTP application: security headers and the request guard on everything, the JSON API
// under /api/, the built front end at / and /assets/<name>. Only GET and HEAD are answered.
import { Hono } from 'hono';
import type { SyncTrackingClient } from '@synctrack/core';
import { apiRoutes } from '../api/api-routes.js';
import { requestGuard, viewerSecureHeaders } from './security-headers.js';
import type { StaticAsset } from './static-assets.js';

export interface ViewerAppOptions {
  client: SyncTrackingClient;
  assets: Map<string, StaticAsset>;
  /** The Host header values to answer to; null for any. Read per request (the port is known late). */
  allowedHosts: () => Set<string> | null;
  log?: (error: unknown) => void;
}

export function createViewerApp(options: ViewerAppOptions): Hono {
  const app = new Hono();
  app.use('*', viewerSecureHeaders());
  app.use('*', requestGuard(options.allowedHosts));
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      return c.json({ error: { code: 'INVALID_ARGUMENT', message: `The viewer is read-only: ${c.req.method} is not allowed` } }, 405, {
        Allow: 'GET, HEAD',
      });
    }
    await next();
  });

  app.route('/api', apiRoutes(options.client, options.log ?? console.error));

  const serve = (name: string) => {
    const asset = options.assets.get(name);
    if (asset === undefined) return null;
    return new Response(asset.body, { headers: { 'Content-Type': asset.contentType, 'Cache-Control': 'no-cache' } });
  };
  app.get('/', (c) => serve('index.html') ?? c.text('The viewer front end is missing', 500));
  app.get('/assets/:name', (c) => serve(c.req.param('name')) ?? c.text('Not found', 404));
  app.notFound((c) =>
    c.req.path.startsWith('/api/')
      ? c.json({ error: { code: 'NOT_FOUND', message: `No API endpoint ${c.req.method} ${c.req.path}` } }, 404)
      : c.text('Not found', 404),
  );
  return app;
}
