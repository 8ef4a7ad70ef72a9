// nodejs-polars for the conformance matrix, pinned at 0.25.2 (later builds break the lock here) and
// installed on first use into `.cache/test-writers/` (git-ignored), as the storage servers are
// (scripts/test-servers). Not a devDependency: its native binding, nodejs-polars-linux-x64-gnu, is
// an optional dependency whose `engines` ask for node >= 22, and npm never installs an optional
// package whose engines fail (not even with --force), so on Node 20 `npm ci` leaves polars without
// its binding. Named directly, as here, the binding is not optional and installs with a warning;
// the binding itself loads and works on Node 20 (N-API).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const POLARS_VERSION = '0.25.2';

/** The little of nodejs-polars the matrix uses. */
export interface Polars {
  readIPC(source: Buffer): { lazy(): { sinkParquet(path: string, options: Record<string, unknown>): { collect(): Promise<unknown> } } };
}

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const directory = join(repoRoot, '.cache', 'test-writers', `nodejs-polars-${POLARS_VERSION}`);
const MARKER = '.installed';

function binding(): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  return 'nodejs-polars-linux-x64-gnu';
}

async function install(packages: string[]): Promise<void> {
  const staging = `${directory}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ private: true, name: 'test-writer-polars' })}\n`);
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts', ...packages], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  if (code !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm install ${packages.join(' ')} failed with exit code ${code}`);
  }
  writeFileSync(join(staging, MARKER), `${new Date().toISOString()}\n`);
  try {
    renameSync(staging, directory);
  } catch (error) {
    if (!existsSync(join(directory, MARKER))) throw error;
    rmSync(staging, { recursive: true, force: true });
  }
}

let loaded: Promise<Polars> | undefined;

/** nodejs-polars, installed on first use; rejects with the reason when it cannot be had here. */
export function loadPolars(): Promise<Polars> {
  loaded ??= (async () => {
    const native = binding();
    if (native === null) throw new Error(`no nodejs-polars binding is pinned for ${process.platform}-${process.arch}`);
    if (!existsSync(join(directory, MARKER))) await install([`nodejs-polars@${POLARS_VERSION}`, `${native}@${POLARS_VERSION}`]);
    const polars = createRequire(join(directory, 'package.json'))('nodejs-polars') as Polars & { default?: Polars };
    return polars.default ?? polars;
  })();
  return loaded;
}
