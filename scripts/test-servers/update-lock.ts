// Regenerates the lock files after a lock/<server>/package.json changes:
// `npx tsx scripts/test-servers/update-lock.ts`. npm writes the overrides' `$synctrack-unused-module`
// links relative to each dependent's folder, where nothing is; they are pointed where the direct
// dependency points (lock/unused-module).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_SERVERS, testServersLockDir } from './install-test-server.js';

interface LockEntry {
  resolved?: string;
  link?: boolean;
}

for (const server of TEST_SERVERS) {
  const folder = join(testServersLockDir, server);
  const args = ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'];
  const result = spawnSync('npm', args, { cwd: folder, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  const lockFile = join(folder, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { packages: Record<string, LockEntry> };
  const stand = lock.packages['node_modules/synctrack-unused-module']?.resolved;
  if (stand !== undefined) {
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path.endsWith('/unused-module') && !path.startsWith('..')) delete lock.packages[path];
      else if (entry.link === true && entry.resolved?.endsWith('unused-module')) entry.resolved = stand;
    }
  }
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`updated ${lockFile}`);
}
