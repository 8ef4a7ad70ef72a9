// The `synctrack` command tree: global flags, output wiring, help with examples and the exit-code table,
// and one registration per command.
import { createRequire } from 'node:module';
import { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { colorEnabled } from './output/colors.js';
import { EXIT_CODE_TABLE } from './exit-codes.js';
import { positiveSeconds } from './options/option-parsers.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerDiffCommand } from './commands/diff-command.js';
import { registerErrorsCommand } from './commands/errors-command.js';
import { registerExportCommand } from './commands/export-command.js';
import { registerFilterCommand } from './commands/filter-command.js';
import { registerFindCommand } from './commands/find-command.js';
import { registerHistoryCommand } from './commands/history-command.js';
import { registerIndexCommand } from './commands/index-command.js';
import { registerRunsCommand } from './commands/runs-command.js';
import { registerSampleCommand } from './commands/sample-command.js';
import { registerSummaryCommand } from './commands/summary-command.js';
import { registerCheckCommand } from './commands/check-command.js';
import { registerWatchCommand } from './commands/watch-command.js';
import { registerMcpCommand } from './commands/mcp-command.js';
import { registerUiCommand } from './commands/ui-command.js';
import { registerSqlCommand } from './commands/sql-command.js';
import { registerDdlCommand } from './commands/ddl-command.js';
import { examples } from './commands/help-text.js';

/** `--read-timeout`: seconds without a byte before a storage request is retried (the adapters' default too). */
export const DEFAULT_READ_TIMEOUT_SECONDS = 30;

/** Read at run time so the built bin and the sources in tests report the same version. */
export const CLI_VERSION: string = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

function exitCodeHelp(): string {
  return `\nExit codes:\n${EXIT_CODE_TABLE.map(({ exitCode, meaning }) => `  ${String(exitCode).padStart(3)}  ${meaning}`).join('\n')}\n`;
}

export function createProgram(context: CliContext): Command {
  const { io, env } = context;
  const program = new Command('synctrack')
    .description('Explore Census Sync Tracking data (Parquet + metadata.json per sync run) in a local folder or cloud bucket.')
    .version(CLI_VERSION, '-V, --version', 'print the version')
    .option('--json', 'machine output on stdout: JSON, or JSON Lines for records and runs')
    .option('--debug', 'print stack traces with errors')
    .option(
      '--read-timeout <seconds>',
      'abort and retry a cloud storage request that sends no byte for this long',
      positiveSeconds,
      DEFAULT_READ_TIMEOUT_SECONDS,
    )
    .helpOption('-h, --help', 'show help')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      getOutHelpWidth: () => context.stdout.columns ?? 100,
      getErrHelpWidth: () => context.stderr.columns ?? 100,
      getOutHasColors: () => colorEnabled(io.stdout, env),
      getErrHasColors: () => colorEnabled(io.stderr, env),
      // One line, in the same shape as every other error (commander puts its suggestion on a line of its own).
      outputError: (text, write) => write(`synctrack: ${text.trim().replace(/^error: /, '').replace(/\s*\n\s*/g, ' ')} (see --help)\n`),
    })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .exitOverride()
    .hook('preAction', (_program, action) => {
      context.readTimeoutMs = action.optsWithGlobals<{ readTimeout: number }>().readTimeout * 1000;
    });
  program.addHelpText(
    'after',
    `\nLocations: a local path or file:// URL, s3://bucket/prefix, gs://bucket/prefix,
az://container/prefix or https://account.blob.core.windows.net/container/prefix.
A run is its folder (…/sync_tracking_datasets/ORG/SYNC/RUN), or a bucket with --org, --sync, --run.
${examples([
  ['synctrack demo', 'build a demo bucket and see what to try'],
  ['synctrack runs s3://acme-census --org 4821 --sync 120', 'a sync’s history, newest first'],
  ['synctrack errors ./bucket/sync_tracking_datasets/4821/120/1200004 --templates', 'why records were rejected'],
  ['synctrack diff ./bucket/sync_tracking_datasets/4821/120/1200004', 'what changed since the run before'],
])}${exitCodeHelp()}`,
  );
  registerRunsCommand(program, context);
  registerSummaryCommand(program, context);
  registerFilterCommand(program, context);
  registerFindCommand(program, context);
  registerHistoryCommand(program, context);
  registerIndexCommand(program, context);
  registerSampleCommand(program, context);
  registerErrorsCommand(program, context);
  registerDiffCommand(program, context);
  registerCheckCommand(program, context);
  registerWatchCommand(program, context);
  registerExportCommand(program, context);
  registerDemoCommand(program, context);
  registerUiCommand(program, context);
  registerMcpCommand(program, context);
  registerSqlCommand(program, context);
  registerDdlCommand(program, context);
  return program;
}
