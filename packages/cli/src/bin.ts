#!/usr/bin/env node
// The `synctrack` executable: first checks this Node.js (one line and exit code 7 when it is too old,
// before anything else loads: node-version.ts), then runs the CLI on this process's streams; Ctrl-C
// stops the running command. No top-level await: the module is built for both formats by tsup.
import { UNSUPPORTED_NODE_EXIT_CODE, unsupportedNodeMessage } from './node-version.js';

const unsupported = unsupportedNodeMessage(process.versions.node);
if (unsupported !== null) {
  process.stderr.write(`${unsupported}\n`);
  process.exitCode = UNSUPPORTED_NODE_EXIT_CODE;
} else {
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
