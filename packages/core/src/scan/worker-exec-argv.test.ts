import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './worker-exec-argv.js';

describe('workerExecArgv', () => {
  it('drops what would make a worker evaluate, print, test or check its entry again', () => {
    expect(workerExecArgv(['--input-type=module', '-e', 'import x from "y"'])).toEqual([]);
    expect(workerExecArgv(['--input-type', 'module', '--eval', 'code'])).toEqual([]);
    expect(workerExecArgv(['-p', '1 + 1'])).toEqual([]);
    expect(workerExecArgv(['--print', 'x', '--check', '--test', '--watch'])).toEqual([]);
    expect(workerExecArgv(['--max-old-space-size=4096', '--inspect'])).toEqual([]);
  });

  it('keeps how modules load: conditions, loaders and preloads (tsx, Yarn PnP), source maps, warnings', () => {
    const tsx = ['--require', '/n/tsx/dist/preflight.cjs', '--import', 'file:///n/tsx/dist/loader.mjs'];
    expect(workerExecArgv(['--input-type=module', '-e', 'code', ...tsx])).toEqual(tsx);
    expect(workerExecArgv(['-C', 'development', '--conditions=source', '--enable-source-maps', '--no-warnings', '--loader=./l.mjs', '-r', './pnp.cjs'])).toEqual([
      '-C',
      'development',
      '--conditions=source',
      '--enable-source-maps',
      '--no-warnings',
      '--loader=./l.mjs',
      '-r',
      './pnp.cjs',
    ]);
  });
});
