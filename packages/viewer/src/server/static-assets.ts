// The built front end, read once at start-up from the package's own assets folder into a fixed map
// of file name → bytes. A request can only name a key of that map, so no path from a browser ever
// reaches the file system.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InternalError } from '@synctrack/core';

export interface StaticAsset {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The built `dist/assets/` folder: beside the built `index.js`, or, when running from TypeScript
 * source (the tests), in `../dist/assets/` relative to `src/server/`.
 */
function defaultAssetsDir(): string {
  const candidates = [new URL('./assets/', import.meta.url), new URL('../../dist/assets/', import.meta.url)];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new InternalError({
    message: 'The viewer front end is not built: run `npm run build` in packages/viewer (it writes dist/assets/)',
  });
}

export function loadStaticAssets(dir: string = defaultAssetsDir()): Map<string, StaticAsset> {
  const assets = new Map<string, StaticAsset>();
  for (const name of readdirSync(dir)) {
    const contentType = CONTENT_TYPES[extname(name)];
    const path = join(dir, name);
    if (contentType === undefined || !statSync(path).isFile()) continue;
    assets.set(name, { body: new Uint8Array(readFileSync(path)), contentType });
  }
  return assets;
}
