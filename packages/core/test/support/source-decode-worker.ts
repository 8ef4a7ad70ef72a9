// A vitest setup file (every project, see vitest.shared.ts): tests run core from its TypeScript
// source, where there is no built decode-worker.js. Decode pools start the worker bundled from that
// source by esbuild (as a bundled app would, see bundle-decode-worker.ts): through tsx each worker
// start took 1-3 s on a busy machine, and the CLI's tests start one per command they run. The
// bundle is written once per content (its hash names it), so the test files of a run share it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { DecodePool } from '../../src/scan/decode-pool.js';
import { WORKER_BUNDLE_OPTIONS } from './bundle-decode-worker.js';

/** The worker through tsx, from its TypeScript source (for a test whose child process has no bundle). */
export const SOURCE_DECODE_WORKER = new URL('./decode-worker-from-source.mjs', import.meta.url);

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

function bundledSourceWorker(): URL {
  const { outputFiles } = buildSync({ ...WORKER_BUNDLE_OPTIONS, outfile: 'decode-worker.js', write: false });
  const code = outputFiles[0]!.contents;
  // Under node_modules, so that the bundle resolves the repository's packages.
  const folder = join(REPO_ROOT, 'node_modules', '.cache', 'synctrack-tests', 'source-decode-worker');
  const file = join(folder, `decode-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`);
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, code);
    renameSync(staging, file);
  }
  return pathToFileURL(file);
}

DecodePool.defaultWorkerUrl = bundledSourceWorker();
