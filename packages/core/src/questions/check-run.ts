// check: a run judged against rules (check-rules.ts), for CI jobs and schedulers. Reads only what the
// rules set need: the run's outcome counts; the previous run's when a rule compares with it; error
// groups of both for new errors; the identifier comparison (compareRuns) only for newly failing.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RunIds, RunRef } from '../layout/sync-tracking-layout.js';
import type { RecordOutcome } from '../model/record-outcome.js';
import { listRunInfos } from '../runs/run-discovery.js';
import type { ResolvedRun } from '../runs/run-files.js';
import { judgeRules, PREVIOUS_RUN_RULES, rateRatio, checkRuleLimits, type CheckRules, type RuleResult } from './check-rules.js';
import { compareErrorGroups, countMessages, MessageCounts, type ErrorGroupChange } from './compare-errors.js';
import { compareRuns } from './compare-runs.js';
import { listRunFiles, resolveRunRef, type QuestionContext, type ScanOptions } from './question-context.js';
import { summary } from './summary.js';

export interface CheckOptions extends ScanOptions {
  /** New errors are new message templates (see `messageTemplate`) rather than new exact messages. */
  templates?: boolean;
  /**
   * The run to compare with; by default the run before this one in its sync (by start time, as
   * `listRuns` orders them). Null compares with none: rules on the previous run then hold.
   */
  previous?: RunRef | null;
  /** Where compareRuns spills identifiers of big runs (for `maxNewlyFailing`). */
  tempDirectory?: string;
}

export const CHECK_OPTIONS = ['signal', 'onProgress', 'templates', 'previous', 'tempDirectory'] as const;

export interface CheckedRun {
  run: ResolvedRun;
  /** From metadata.json; null without one. */
  startedAt: Date | null;
  total: number;
  byOutcome: Record<RecordOutcome, number>;
  /** Rejected records over all records (0 to 1, as `RunStats.rejectedRate`); null for a run without records. */
  rejectedRate: number | null;
}

export interface CheckResult {
  run: CheckedRun;
  previousRun: CheckedRun | null;
  /** Every rule holds. */
  ok: boolean;
  rules: RuleResult[];
}

/** The run before `run` in its sync (listRuns order: newest first); null for the first, or a run outside the layout. */
export async function previousRun(context: QuestionContext, run: RunRef, signal?: AbortSignal): Promise<RunIds | null> {
  const ids = resolveRunRef(context, run).ids;
  if (ids === null) return null;
  const runs = await listRunInfos(context.storage, context.prefix, ids.orgId, ids.syncId, { signal });
  const at = runs.findIndex((info) => info.runId === ids.runId);
  const before = at === -1 ? undefined : runs[at + 1];
  return before === undefined ? null : { orgId: before.orgId, syncId: before.syncId, runId: before.runId };
}

function checkedRun(run: ResolvedRun, startedAt: Date | null, byOutcome: Record<RecordOutcome, number>): CheckedRun {
  const total = byOutcome.success + byOutcome.rejected + byOutcome.invalid;
  return { run, startedAt, total, byOutcome, rejectedRate: rateRatio(byOutcome.rejected, total) };
}

async function countedRun(context: QuestionContext, run: RunRef, signal?: AbortSignal): Promise<CheckedRun> {
  const counted = await summary(context, run, { signal });
  return checkedRun(counted.run, counted.metadata?.runStartedAt ?? null, counted.byOutcome);
}

const newGroups = (groups: readonly ErrorGroupChange[]) => groups.filter((group) => group.new).map((group) => group.statusMessage ?? '(no message)');

export async function checkRun(context: QuestionContext, run: RunRef, rules: CheckRules, options: CheckOptions): Promise<CheckResult> {
  const { signal } = options;
  const set = checkRuleLimits(rules);
  if (set.length === 0) {
    throw new InvalidArgumentError({ message: 'check needs at least one rule (for example maxRejectedRate)', context: { argument: 'rules' } });
  }
  const templates = options.templates === true;
  const needsPrevious = set.some((rule) => PREVIOUS_RUN_RULES.has(rule));
  const previous = !needsPrevious ? null : options.previous !== undefined ? options.previous : await previousRun(context, run, signal);
  let head: CheckedRun;
  let base: CheckedRun | null = null;
  let newlyFailing: number | null = null;
  let newErrors: string[] | null = null;
  if (previous !== null && rules.maxNewlyFailing !== undefined) {
    // One comparison answers every rule: counts of both runs, identifiers, and error groups.
    const comparison = await compareRuns(context, previous, run, { signal, templates, tempDirectory: options.tempDirectory });
    head = checkedRun(comparison.head.run, comparison.head.startedAt, comparison.head.byOutcome);
    base = checkedRun(comparison.base.run, comparison.base.startedAt, comparison.base.byOutcome);
    newlyFailing = comparison.identifiers.newlyFailing;
    newErrors = newGroups(comparison.errors);
  } else {
    [head, base] = await Promise.all([countedRun(context, run, signal), previous === null ? null : countedRun(context, previous, signal)]);
    if (previous !== null && rules.maxNewErrors !== undefined) {
      const counts = new MessageCounts();
      const [was, is] = await Promise.all([listRunFiles(context, previous, signal), listRunFiles(context, run, signal)]);
      await Promise.all([countMessages(context, was, 'base', counts, signal), countMessages(context, is, 'head', counts, signal)]);
      newErrors = newGroups(compareErrorGroups(counts, templates));
    }
  }
  const results = judgeRules(rules, {
    total: head.total,
    rejected: head.byOutcome.rejected,
    invalid: head.byOutcome.invalid,
    previous: base === null ? null : { total: base.total, rejected: base.byOutcome.rejected },
    newlyFailing,
    newErrors,
    templates,
  });
  return { run: head, previousRun: base, ok: results.every((result) => result.ok), rules: results };
}
