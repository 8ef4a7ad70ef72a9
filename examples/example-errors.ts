// How the examples fail: one line on stderr, `<script>: <what went wrong>`, as the synctrack CLI
// prints its errors (a typed SyncTrackError says which file, key or setting), never a stack trace.
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SyncTrackError } from '@synctrack/core';

function oneLine(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (SyncTrackError.isInstance(error)) {
    const file = error.context.file;
    if (file !== undefined && !message.includes(file)) message = `${message} (in ${file})`;
  }
  return message.replace(/\s*\n\s*/g, ' ');
}

/** Runs an example's work; a failure is one line on stderr and exit code 1. */
export async function runExample(moduleUrl: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    console.error(`${basename(fileURLToPath(moduleUrl))}: ${oneLine(error)}`);
    process.exitCode = 1;
  }
}

/** Whether the module is the script being run (`npx tsx examples/<it>.ts`), not one imported. */
export function isMainScript(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl).replace(/\.ts$/, '') === process.argv[1].replace(/\.ts$/, '');
}
