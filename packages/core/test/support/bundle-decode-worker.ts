// Builds the decode worker from the TypeScript source into one ESM file with esbuild, as a bundled
// app would: a worker started from it costs ~50 ms, against 1-3 s through tsx, which matters where
// tests start thousands of them (the mutation fuzz). parquet-wasm loads its .wasm beside its own
// files and stays a package import; the output goes under node_modules/.cache so it resolves.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const WORKER_SOURCE = fileURLToPath(new URL('../../src/scan/decode-worker.ts', import.meta.url));

/** A folder inside the repository (so that bundles in it resolve the repository's packages). */
export async function repoCacheFolder(name: string): Promise<string> {
  const folder = join(REPO_ROOT, 'node_modules', '.cache', 'synctrack-tests', `${name}-${process.pid}-${Date.now()}`);
  await mkdir(folder, { recursive: true });
  return folder;
}

/** How the worker is bundled (source-decode-worker.ts bundles it the same way for every test). */
export const WORKER_BUNDLE_OPTIONS = {
  entryPoints: [WORKER_SOURCE],
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['parquet-wasm'],
  logLevel: 'error',
} satisfies BuildOptions;

/** Bundles the decode worker to `<folder>/decode-worker.js`; returns its URL. */
export async function bundleDecodeWorker(folder: string): Promise<URL> {
  const outfile = join(folder, 'decode-worker.js');
  await build({ ...WORKER_BUNDLE_OPTIONS, outfile });
  return pathToFileURL(outfile);
}
