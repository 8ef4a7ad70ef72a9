// Runs one `synctrack` invocation in-process and returns its exit code: the bin calls it with the real
// process streams, tests with captured ones. Errors become one line on stderr (a stack only with --debug);
// an INTERNAL or untyped error (synctrack's fault or its environment's, never the data's) asks for a
// report with the output of --debug.
import { CommanderError } from 'commander';
import { SyncTrackError } from '@synctrack/core';
import { CliContext } from './cli-context.js';
import type { CliIo } from './cli-io.js';
import { EXIT_CODES, exitCodeForError } from './exit-codes.js';
import { createProgram } from './program.js';

/** Commander's own exits that are not failures. */
const COMMANDER_SUCCESS = new Set(['commander.helpDisplayed', 'commander.version']);

/** What INTERNAL errors and untyped ones (synctrack's or its environment's fault, not the data's) ask for. */
export const REPORT_REQUEST = 'this is a bug in synctrack or a problem with its environment, not with your data: please report it on the synctrack issue tracker';

function describe(error: unknown, debug: boolean): string {
  const stack = debug ? 'with the stack below' : 'with the output of the same command run with --debug';
  if (SyncTrackError.isInstance(error)) {
    const file = error.context.file;
    const message = file !== undefined && !error.message.includes(file) ? `${error.message} (in ${file})` : error.message;
    if (error.code !== 'INTERNAL') return message;
    return message.includes('please report') ? `${message}, ${stack}` : `${message}: ${REPORT_REQUEST}, ${stack}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `unexpected error: ${message}: ${REPORT_REQUEST}, ${stack}`;
}

function stackOf(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    lines.push(depth === 0 ? '' : 'Caused by:', current instanceof Error ? (current.stack ?? current.message) : String(current));
    if (SyncTrackError.isInstance(current)) lines.push(`code: ${current.code}, context: ${JSON.stringify(current.context)}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.filter((line) => line !== '').join('\n');
}

async function report(context: CliContext, error: unknown, debug: boolean): Promise<number> {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help) on the right stream.
    return COMMANDER_SUCCESS.has(error.code) ? EXIT_CODES.ok : EXIT_CODES.usage;
  }
  // The reader of stdout went away (`| head`): not an error.
  if (context.stdoutClosed) return EXIT_CODES.ok;
  if (context.io.signal?.aborted) {
    await context.stderr.writeLine('synctrack: interrupted');
    return EXIT_CODES.interrupted;
  }
  const colors = context.stderrColors;
  await context.stderr.writeLine(`${colors.red('synctrack:')} ${describe(error, debug).replace(/\s*\n\s*/g, ' ')}`);
  if (debug) await context.stderr.writeLine(stackOf(error));
  return exitCodeForError(error);
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const context = new CliContext(io);
  try {
    const program = createProgram(context);
    await program.parseAsync([...argv], { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return await report(context, error, argv.includes('--debug'));
  } finally {
    await context.stdout.flush();
    context.dispose();
  }
}
