// `synctrack diff --json`: one object, as issue 18 specifies it (snake_case keys) —
// {"base": {"run_id", "started_at", "total", "outcomes"}, "head": {…}, "identifiers": {…}, "errors": […]}.
// The error groups are written a slice at a time: two runs may hold hundreds of thousands of messages.
import type { ComparedRun, ErrorGroupChange, RunComparison } from '@synctrack/core';
import { JsonBytes } from '@synctrack/core/internal';

function runJson(run: ComparedRun) {
  return {
    run_id: run.run.ids?.runId ?? null,
    started_at: run.startedAt === null ? null : run.startedAt.toISOString(),
    total: run.total,
    outcomes: { success: run.byOutcome.success, rejected: run.byOutcome.rejected, invalid: run.byOutcome.invalid },
  };
}

/** The object's keys up to its error groups, as JSON text (`{…,"errors":[`). */
export function diffJsonHead(comparison: RunComparison): string {
  const { identifiers } = comparison;
  const head = JSON.stringify({
    base: runJson(comparison.base),
    head: runJson(comparison.head),
    identifiers: {
      newly_failing: identifiers.newlyFailing,
      fixed: identifiers.fixed,
      still_failing: identifiers.stillFailing,
      added: identifiers.added,
      removed: identifiers.removed,
    },
  });
  return `${head.slice(0, -1)},"errors":[`;
}

/** One error group: `{"status_message","base","head","change","new"}`, and `"messages"` by template. */
export function writeErrorChangeJson(group: ErrorGroupChange, out: JsonBytes): void {
  out.ascii('{"status_message":');
  out.value(group.statusMessage);
  out.ascii(`,"base":${group.base},"head":${group.head},"change":${group.change},"new":${group.new}`);
  out.ascii(group.messages === undefined ? '}' : `,"messages":${group.messages}}`);
}

/** Error groups serialised per write. */
const JSON_SLICE = 2000;

/** The whole object, a slice of error groups per chunk, ending in a newline. */
export function* diffJsonChunks(comparison: RunComparison): Generator<Uint8Array | string> {
  yield diffJsonHead(comparison);
  const bytes = new JsonBytes();
  const { errors } = comparison;
  for (let at = 0; at < errors.length; at += JSON_SLICE) {
    for (let index = at; index < Math.min(errors.length, at + JSON_SLICE); index++) {
      if (index > 0) bytes.ascii(',');
      writeErrorChangeJson(errors[index]!, bytes);
    }
    yield bytes.take();
  }
  yield ']}\n';
}
