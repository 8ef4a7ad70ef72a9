// What `import '@synctrack/core'` loads: a program that only reads (the CLI, the viewer) must not
// pay for apache-arrow or parquet-wasm on its main thread; the writers and the decode workers load
// them when they need them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const source = fileURLToPath(new URL('./index.ts', import.meta.url));

/** The packages under node_modules that importing `entry` loads, through a module hook that names each. */
function packagesLoaded(entry: string): Set<string> {
  const hook = `export async function load(url, context, next) { if (url.includes('/node_modules/')) process.stderr.write('loaded ' + url + '\\n'); return next(url, context); }`;
  const script = `
    import { register } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hook)}));
    const { tsImport } = await import('tsx/esm/api');
    await tsImport(${JSON.stringify(entry)}, import.meta.url);
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: fileURLToPath(new URL('..', import.meta.url)), encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  const loaded = new Set<string>();
  for (const [, name] of child.stderr.matchAll(/^loaded .*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm)) loaded.add(name!);
  return loaded;
}

describe('importing @synctrack/core', () => {
  it('loads neither apache-arrow nor parquet-wasm', () => {
    const loaded = packagesLoaded(source);
    expect(loaded.has('hyparquet')).toBe(true);
    expect(loaded.has('apache-arrow')).toBe(false);
    expect(loaded.has('parquet-wasm')).toBe(false);
  });
});
