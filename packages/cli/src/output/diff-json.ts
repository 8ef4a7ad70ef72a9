// `synctrack diff --json`: one object, as issue 18 specifies it (snake_case keys) —
// {"base": {"run_id", "started_at", "total", "outcomes"}, "head": {…}, "identifiers": {…}, "errors": […]}.
// The error groups are written a slice at a time (json-array-writer.ts): two runs may hold hundreds
// of thousands of messages.
import type { ComparedRun, ErrorGroupChange, JsonValue, RunComparison } from '@synctrack/core';

function runJson(run: ComparedRun) {
  return {
    run_id: run.run.ids?.runId ?? null,
    started_at: run.startedAt === null ? null : run.startedAt.toISOString(),
    total: run.total,
    outcomes: { success: run.byOutcome.success, rejected: run.byOutcome.rejected, invalid: run.byOutcome.invalid },
  };
}

/** The object's keys up to its error groups, as JSON text (`{…,"errors":`). */
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
  return `${head.slice(0, -1)},"errors":`;
}

/** What closes the object after its error groups. */
export const DIFF_JSON_TAIL = '}\n';

/** One error group: `{"status_message","base","head","change","new"}`, and `"messages"` by template. */
export function errorChangeJson(group: ErrorGroupChange): Record<string, JsonValue> {
  const { statusMessage, base, head, change } = group;
  // Two literals, not a spread: one per error group (hundreds of thousands on two large runs).
  return group.messages === undefined
    ? { status_message: statusMessage, base, head, change, new: group.new }
    : { status_message: statusMessage, base, head, change, new: group.new, messages: group.messages };
}
