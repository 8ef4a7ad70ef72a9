#!/usr/bin/env node
// The `synctrack` executable: first checks this Node.js (one line and exit code 7 when it is too old,
// before anything else loads: node-version.ts), starts a decode worker for a command that scans
// records, then runs the CLI on this process's streams; Ctrl-C stops the running command. No
// top-level await: the module is built for both formats by tsup.
import module from 'node:module';
import { UNSUPPORTED_NODE_EXIT_CODE, unsupportedNodeMessage } from './node-version.js';

/**
 * Commands that read records through decode workers: their first worker starts before the CLI's
 * modules load, and loads its own meanwhile (core's scan/decode-worker-start.ts). A command that
 * turns out not to need it (help, an answer from the local index) leaves it idle: it does not keep
 * the process alive.
 */
const SCANNING_COMMANDS = new Set(['errors', 'filter', 'find', 'sample', 'diff', 'export', 'check', 'index']);

const unsupported = unsupportedNodeMessage(process.versions.node);
if (unsupported !== null) {
  process.stderr.write(`${unsupported}\n`);
  process.exitCode = UNSUPPORTED_NODE_EXIT_CODE;
} else {
  enableCompileCache();
  const command = process.argv.slice(2).find((argument) => !argument.startsWith('-'));
  // Imported here, not above: on a Node.js too old, nothing but the check loads.
  if (command !== undefined && SCANNING_COMMANDS.has(command)) void import('@synctrack/core/prestart').then(({ prestartDecodeWorker }) => prestartDecodeWorker());
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort(new Error('interrupted')));
  void import('./run-cli.js').then(async ({ runCli }) => {
    process.exitCode = await runCli(process.argv.slice(2), {
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      cwd: process.cwd(),
      signal: interrupt.signal,
    });
  });
}

/**
 * On Node.js 22.1 and newer, V8's compiled code of the CLI's modules is kept on disk (Node's own
 * compile cache, in the OS temp folder, as TypeScript's tsc keeps its own) and read back by the next
 * run, the decode workers' too (they start with this process's environment): on Node 22,
 * `--version` 79 -> 68 ms, find on 2M records 235 -> 205 ms. NODE_DISABLE_COMPILE_CACHE turns it off; a
 * NODE_COMPILE_CACHE the user set is kept. On older Node.js, nothing happens.
 */
function enableCompileCache(): void {
  const enable = (module as { enableCompileCache?: () => { directory?: string } }).enableCompileCache;
  const cache = enable?.call(module);
  if (cache?.directory !== undefined && process.env.NODE_COMPILE_CACHE === undefined) process.env.NODE_COMPILE_CACHE = cache.directory;
}
