// Installs the storage servers (fauxqs, azurite, firebase-tools) on first use, each with `npm ci` from
// its lock file committed in `lock/<server>/`, all three at once, into
// `.cache/test-servers/servers-<hash of lock/>/<server>/`, outside every workspace's package.json:
// the repository's own `npm ci` stays fast, and a plain `npm test` on a fresh clone still finds its
// servers without another step, every dependency at the version locked. Each `package.json` there
// pins its server exactly and, through `overrides`, leaves out packages it never loads (azurite's
// telemetry SDK and SQL drivers, firebase-tools' other emulators and commands): together ~130 MB
// and ~16k files instead of 645 MB and ~80k. One tree per server: an override hoisted in a shared
// tree shadowed a package another server loads. To change a version: edit lock/<server>/package.json,
// then `npx tsx scripts/test-servers/update-lock.ts`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const testServersDir = join(repoRoot, '.cache', 'test-servers');
export const testServerLogsDir = join(testServersDir, 'logs');
/** lock/: a package.json and package-lock.json per server, and the stand-in for the packages left out. */
export const testServersLockDir = fileURLToPath(new URL('./lock/', import.meta.url));

export const TEST_SERVERS = ['fauxqs', 'azurite', 'firebase-tools'] as const;
export type TestServer = (typeof TEST_SERVERS)[number];

const COMPLETE_MARKER = '.installed';

/** The files that decide the install, in a stable order (the folder's name hashes them). */
function lockFiles(dir = testServersLockDir, relative = ''): string[] {
  return readdirSync(join(dir, relative), { withFileTypes: true })
    .filter((entry) => entry.name !== 'node_modules')
    .flatMap((entry) => (entry.isDirectory() ? lockFiles(dir, join(relative, entry.name)) : [join(relative, entry.name)]))
    .sort();
}

function installDir(): string {
  const hash = createHash('sha256');
  for (const file of lockFiles()) hash.update(`${file}\0`).update(readFileSync(join(testServersLockDir, file))).update('\0');
  return join(testServersDir, `servers-${hash.digest('hex').slice(0, 12)}`);
}

function run(command: string, args: string[], cwd: string, logFile: string): Promise<number | null> {
  const log = openSync(logFile, 'w');
  return new Promise<number | null>((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', log, log], env: { ...process.env, npm_config_loglevel: 'warn' } });
    child.on('error', reject);
    child.on('exit', resolve);
  }).finally(() => closeSync(log));
}

let installing: Promise<string> | undefined;

/** The directory whose `node_modules/` holds the server, installing the servers when missing. */
export async function ensureTestServerInstalled(server: TestServer): Promise<string> {
  installing ??= install().catch((error: unknown) => {
    installing = undefined;
    throw error;
  });
  return join(await installing, server);
}

async function install(): Promise<string> {
  const dir = installDir();
  if (existsSync(join(dir, COMPLETE_MARKER))) return dir;
  mkdirSync(testServerLogsDir, { recursive: true });
  // Install beside the final directory and rename, so an interrupted install never looks finished
  // and two test runs installing at once both end with a whole directory.
  const staging = `${dir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(testServersLockDir, staging, { recursive: true, filter: (source) => !source.includes('node_modules') });
  process.stderr.write(`[test-servers] installing ${TEST_SERVERS.join(', ')} from scripts/test-servers/lock into ${dir} (first run only; logs in ${testServerLogsDir})\n`);
  const started = Date.now();
  // --ignore-scripts: no server needs one. --prefer-offline: the lock names every tarball by its
  // integrity, so a warm npm cache needs no round trip to the registry.
  const codes = await Promise.all(
    TEST_SERVERS.map((server) =>
      run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], join(staging, server), join(testServerLogsDir, `install-${server}.log`)),
    ),
  );
  const failed = TEST_SERVERS.filter((_, index) => codes[index] !== 0);
  if (failed.length > 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`npm ci of the test server ${failed.join(', ')} failed; see ${join(testServerLogsDir, `install-${failed[0]}.log`)}`);
  }
  writeFileSync(join(staging, COMPLETE_MARKER), `${new Date().toISOString()}\n`);
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another run finished first: keep its copy.
    if (!existsSync(join(dir, COMPLETE_MARKER))) throw error;
    rmSync(staging, { recursive: true, force: true });
  }
  process.stderr.write(`[test-servers] installed in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return dir;
}
