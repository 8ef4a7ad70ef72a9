// Module hooks for the start-up tests: every import the process resolves is appended to a log file as
// one JSON line, `{ "parent": importer URL, "url": resolved URL }`. Registered with `--import`
// (see `importsOf` in bin-process.test.ts); the hooks run on their own thread, so they write a file.
import { appendFileSync } from 'node:fs';

let log;

export function initialize(data) {
  log = data.log;
}

export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(log, `${JSON.stringify({ parent: context.parentURL ?? null, url: result.url })}\n`);
  return result;
}
