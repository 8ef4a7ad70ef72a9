// Installs a storage-server package (fauxqs, azurite, firebase-tools) on first use into
// `.cache/test-servers/<name>-<version>/`, outside every package.json, so `npm ci` stays fast and
// a plain `npm test` on a fresh clone still finds its servers without another step.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TestServerPackage {
  name: string;
  /** Pinned exactly: these servers differ between releases in ways the adapters' tests notice. */
  version: string;
}

export const TEST_SERVER_PACKAGES = {
  fauxqs: { name: 'fauxqs', version: '1.9.2' },
  azurite: { name: 'azurite', version: '3.37.0' },
  firebaseTools: { name: 'firebase-tools', version: '15.34.2' },
} as const satisfies Record<string, TestServerPackage>;

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const testServersDir = join(repoRoot, '.cache', 'test-servers');
export const testServerLogsDir = join(testServersDir, 'logs');

const COMPLETE_MARKER = '.installed';

/** The directory whose `node_modules/<name>` holds the package, installing it when missing. */
export async function ensureTestServerInstalled(pkg: TestServerPackage): Promise<string> {
  const dir = join(testServersDir, `${pkg.name}-${pkg.version}`);
  if (existsSync(join(dir, COMPLETE_MARKER))) return dir;
  mkdirSync(testServerLogsDir, { recursive: true });
  // Install beside the final directory and rename, so an interrupted install never looks finished
  // and two test runs installing at once both end with a whole directory.
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, 'package.json'), `${JSON.stringify({ private: true, name: `test-server-${pkg.name}` })}\n`);
  const logFile = join(testServerLogsDir, `install-${pkg.name}-${pkg.version}.log`);
  process.stderr.write(`[test-servers] installing ${pkg.name}@${pkg.version} into ${dir} (first run only; log: ${logFile})\n`);
  const started = Date.now();
  const log = openSync(logFile, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        'npm',
        // --ignore-scripts: no server needs one, and firebase-tools' re2 would try to download a
        // prebuilt binary (unreachable here) and then compile C++ for minutes.
        [
          'install',
          '--prefix',
          staging,
          '--no-save',
          '--no-audit',
          '--no-fund',
          '--no-package-lock',
          '--ignore-scripts',
          `${pkg.name}@${pkg.version}`,
        ],
        { stdio: ['ignore', log, log], env: { ...process.env, npm_config_loglevel: 'warn' } },
      );
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(`npm install ${pkg.name}@${pkg.version} failed with exit code ${code}; see ${logFile}`);
    }
  } finally {
    closeSync(log);
  }
  writeFileSync(join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another run finished first: keep its copy.
    if (!existsSync(join(dir, COMPLETE_MARKER))) throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  process.stderr.write(`[test-servers] installed ${pkg.name}@${pkg.version} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return dir;
}
