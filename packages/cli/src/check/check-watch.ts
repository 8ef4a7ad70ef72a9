// `check --watch`: the rules applied to a run as its batches land. Rules that a partial run can break
// for good or for now (rates, rejected count, new errors, the rise over the previous run) are judged
// on the running totals after each batch; the first break ends the watch with that result. Rules
// that need the whole run (min_records, max_newly_failing) wait for the run to stop changing, when
// the caller judges every rule on the whole run.
import type { CheckedRun, CheckResult, CheckRules, ResolvedRun, RunBatch, RunRef, SyncTrackingClient } from '@synctrack/core';
import { judgeRules, rateRatio } from '@synctrack/core/internal';
import type { CheckSettings } from './check-config.js';

/** Judged only once the run is complete. */
const WHOLE_RUN_RULES = new Set<keyof CheckRules>(['minRecords', 'maxNewlyFailing']);

export interface WatchedCheck {
  /** The result of the batch that broke a rule; null when the run stopped changing with every partial rule holding. */
  broken: CheckResult | null;
}

export interface CheckWatchOptions {
  previous: RunRef | null;
  signal: AbortSignal;
  pollMs: number;
  idleMs: number;
  onBatch: (batch: RunBatch) => Promise<void>;
}

async function previousFacts(client: SyncTrackingClient, previous: RunRef | null, settings: CheckSettings, signal: AbortSignal) {
  if (previous === null) return { run: null, messages: null };
  const summary = await client.summary(previous, { signal });
  const run: CheckedRun = {
    run: summary.run,
    startedAt: summary.metadata?.runStartedAt ?? null,
    total: summary.total,
    byOutcome: summary.byOutcome,
    rejectedRate: rateRatio(summary.byOutcome.rejected, summary.total),
  };
  const messages = settings.rules.maxNewErrors === undefined ? null : new Set((await client.errors(previous, { examples: 0, templates: settings.templates, signal })).map((group) => group.statusMessage ?? '(no message)'));
  return { run, messages };
}

export async function watchWithRules(client: SyncTrackingClient, run: RunRef, settings: CheckSettings, options: CheckWatchOptions): Promise<WatchedCheck> {
  const partial: CheckRules = Object.fromEntries(Object.entries(settings.rules).filter(([rule]) => !WHOLE_RUN_RULES.has(rule as keyof CheckRules)));
  const previous = await previousFacts(client, options.previous, settings, options.signal);
  const resolved: ResolvedRun = client.resolve(run);
  // Null for a run without metadata.json yet; a metadata file that cannot be read is an error, as anywhere.
  const metadata = await client.metadata(run, { signal: options.signal });
  const seenMessages = new Set<string>();
  for await (const batch of client.watchRun(run, { signal: options.signal, pollMs: options.pollMs, idleMs: options.idleMs, templates: settings.templates })) {
    await options.onBatch(batch);
    if (Object.keys(partial).length === 0) continue;
    for (const message of batch.newErrors) seenMessages.add(message);
    const newErrors = previous.messages === null ? null : [...seenMessages].filter((message) => !previous.messages!.has(message));
    const rules = judgeRules(partial, {
      total: batch.totals.records,
      rejected: batch.totals.byOutcome.rejected,
      invalid: batch.totals.byOutcome.invalid,
      previous: previous.run === null ? null : { total: previous.run.total, rejected: previous.run.byOutcome.rejected },
      newlyFailing: null,
      newErrors,
      templates: settings.templates,
    });
    if (rules.every((rule) => rule.ok)) continue;
    const checked: CheckedRun = {
      run: resolved,
      startedAt: metadata?.runStartedAt ?? null,
      total: batch.totals.records,
      byOutcome: batch.totals.byOutcome,
      rejectedRate: batch.totals.rejectedRate,
    };
    return { broken: { run: checked, previousRun: previous.run, ok: false, rules } };
  }
  return { broken: null };
}
