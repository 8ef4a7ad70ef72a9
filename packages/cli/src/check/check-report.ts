// What `synctrack check` prints: the JSON object of `--json` (snake_case, as issue 19 specifies:
// {"run": {…}, "previous_run": {…}|null, "ok": bool, "rules": [{"rule", "limit", "value", "ok", "message"}]})
// and, for people, a line per rule with a mark, the run and the run it was compared with.
import type { CheckedRun, CheckResult, JsonValue } from '@synctrack/core';
import type { Colors } from '../output/colors.js';
import { formatCount, formatTime } from '../output/human-format.js';
import { renderTable } from '../output/text-table.js';
import { shareText } from './batch-lines.js';
import { ruleKey } from './check-config.js';

/** A rate as JSON prints it: percent, to six decimals (no float noise such as 12.300000000000001). */
const rate = (value: number | null) => (value === null ? null : Number(value.toFixed(6)));

export function checkedRunJson(run: CheckedRun): Record<string, JsonValue> {
  return {
    org_id: run.run.ids?.orgId ?? null,
    sync_id: run.run.ids?.syncId ?? null,
    run_id: run.run.ids?.runId ?? null,
    location: run.run.location,
    started_at: run.startedAt === null ? null : run.startedAt.toISOString(),
    total: run.total,
    outcomes: { success: run.byOutcome.success, rejected: run.byOutcome.rejected, invalid: run.byOutcome.invalid },
    rejected_rate: rate(run.rejectedRate),
  };
}

export function checkJson(result: CheckResult): Record<string, JsonValue> {
  return {
    run: checkedRunJson(result.run),
    previous_run: result.previousRun === null ? null : checkedRunJson(result.previousRun),
    ok: result.ok,
    rules: result.rules.map((rule) => ({
      rule: ruleKey(rule.rule),
      limit: rule.limit,
      value: rule.value === null ? null : rate(rule.value),
      ok: rule.ok,
      message: rule.message,
    })),
  };
}

/** `run 1200004 (started 2026-11-23 06:00:00 UTC): 12,345 records, 2.1% rejected`. */
export function runLine(run: CheckedRun): string {
  const name = run.run.ids?.runId ?? run.run.location;
  return `run ${name} (started ${formatTime(run.startedAt)}): ${formatCount(run.total)} records, ${shareText(run.rejectedRate)} rejected`;
}

/** A one-line verdict, for a Slack message or a log line. */
export function checkVerdict(result: CheckResult): string {
  const broken = result.rules.filter((rule) => !rule.ok);
  const name = result.run.run.ids === null ? result.run.run.location : `sync ${result.run.run.ids.syncId} run ${result.run.run.ids.runId}`;
  if (broken.length === 0) return `synctrack check: ${name} passed ${result.rules.length} rule${result.rules.length === 1 ? '' : 's'}`;
  return `synctrack check: ${name} broke ${broken.length} of ${result.rules.length} rules: ${broken.map((rule) => `${ruleKey(rule.rule)} (${rule.message})`).join('; ')}`;
}

export function checkLines(result: CheckResult, options: { colors: Colors; width?: number }): string[] {
  const { colors } = options;
  const rows = result.rules.map((rule) => [rule.ok ? 'ok' : 'BROKEN', ruleKey(rule.rule), rule.message]);
  const table = renderTable(
    [
      { header: '', style: (text, value, c) => (value === 'ok' ? c.green(text) : c.red(c.bold(text))) },
      { header: 'rule' },
      { header: 'measured' },
    ],
    rows,
    { colors, width: options.width },
  );
  const broken = result.rules.filter((rule) => !rule.ok).length;
  return [
    runLine(result.run),
    result.previousRun === null ? 'compared with: no previous run' : `compared with ${runLine(result.previousRun)}`,
    '',
    ...table,
    '',
    broken === 0 ? colors.green(`All ${result.rules.length} rules hold.`) : colors.red(colors.bold(`${broken} of ${result.rules.length} rules broken.`)),
  ];
}
