// A vitest setup file (every project, see vitest.shared.ts): tests run core from its TypeScript
// source, where there is no built decode-worker.js. Decode pools start the worker bundled from that
// source by esbuild (as a bundled app would, see bundle-decode-worker.ts): through tsx each worker
// start took 0.65-0.8 s against 0.17-0.4 s on a busy machine, and CLI tests start one per command. The
// bundle is written once per state of the sources, so the test files of a run share it.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { DecodePool } from '../../src/scan/decode-pool.js';
import { WORKER_BUNDLE_OPTIONS } from './bundle-decode-worker.js';

/** The worker through tsx, from its TypeScript source (for a test whose child process has no bundle). */
export const SOURCE_DECODE_WORKER = new URL('./decode-worker-from-source.mjs', import.meta.url);

const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/**
 * What the bundle is made of, cheaply: every core source file's path, size and modification time,
 * and the lock file's (the packages bundled in). Stat-ing them takes milliseconds; bundling, a
 * second or more on a busy machine, and each test file runs this setup.
 */
function sourceKey(): string {
  const hash = createHash('sha256');
  const sources = join(REPO_ROOT, 'packages', 'core', 'src');
  const files = readdirSync(sources, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of [...files.map((name) => join(sources, name)), join(REPO_ROOT, 'package-lock.json')]) {
    const info = statSync(file, { throwIfNoEntry: false });
    if (info?.isFile()) hash.update(`${file}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

function bundledSourceWorker(): URL {
  // Under node_modules, so that the bundle resolves the repository's packages.
  const folder = join(REPO_ROOT, 'node_modules', '.cache', 'synctrack-tests', 'source-decode-worker');
  const file = join(folder, `decode-worker-${sourceKey()}.js`);
  if (!existsSync(file)) {
    const { outputFiles } = buildSync({ ...WORKER_BUNDLE_OPTIONS, outfile: 'decode-worker.js', write: false });
    mkdirSync(folder, { recursive: true });
    const staging = `${file}.${process.pid}.tmp`;
    writeFileSync(staging, outputFiles[0]!.contents);
    renameSync(staging, file);
  }
  return pathToFileURL(file);
}

DecodePool.defaultWorkerUrl = bundledSourceWorker();
