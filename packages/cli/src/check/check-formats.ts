// `check --format github|junit|prometheus`: the result where CI and monitoring read it.
// - github: workflow commands (`::error title=…::…` per broken rule, `::notice` when all hold), and
//   a Markdown job summary for `$GITHUB_STEP_SUMMARY`;
// - junit: one <testsuite> with a <testcase> per rule, a <failure> for each broken one;
// - prometheus: OpenMetrics text (gauges, then `# EOF`) of the run's counts and each rule's result,
//   for a Pushgateway, node_exporter's textfile collector or a Datadog agent's OpenMetrics check.
import type { CheckedRun, CheckResult } from '@synctrack/core';
import { ruleKey } from './check-config.js';
import { checkVerdict, runLine } from './check-report.js';

/** Workflow command data: `%`, CR and LF escaped; properties also `:` and `,` (GitHub's toolkit rules). */
const escapeData = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
const escapeProperty = (text: string) => escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');

export function githubAnnotations(result: CheckResult): string {
  const lines = result.rules
    .filter((rule) => !rule.ok)
    .map((rule) => `::error title=${escapeProperty(`synctrack check: ${ruleKey(rule.rule)}`)}::${escapeData(`${runLine(result.run)}: ${rule.message}`)}`);
  if (lines.length === 0) lines.push(`::notice title=${escapeProperty('synctrack check')}::${escapeData(checkVerdict(result))}`);
  return `${lines.join('\n')}\n`;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

export function githubSummary(result: CheckResult): string {
  const broken = result.rules.filter((rule) => !rule.ok).length;
  return [
    `### synctrack check: ${broken === 0 ? '✅ all rules hold' : `❌ ${broken} of ${result.rules.length} rules broken`}`,
    '',
    `${cell(runLine(result.run))}  `,
    result.previousRun === null ? 'compared with: no previous run' : `compared with ${cell(runLine(result.previousRun))}`,
    '',
    '| | rule | limit | measured |',
    '|---|---|---|---|',
    ...result.rules.map((rule) => `| ${rule.ok ? '✅' : '❌'} | \`${ruleKey(rule.rule)}\` | ${rule.limit} | ${cell(rule.message)} |`),
    '',
  ].join('\n');
}

const xml = (text: string) =>
  text.replace(/[<>&'"]/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[char]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function junitXml(result: CheckResult, timestamp = new Date()): string {
  const broken = result.rules.filter((rule) => !rule.ok).length;
  const suite = `synctrack check ${result.run.run.ids?.runId ?? result.run.run.location}`;
  const cases = result.rules.map((rule) => {
    const name = `${ruleKey(rule.rule)} ${rule.rule.startsWith('min') ? '>=' : '<='} ${rule.limit}`;
    const open = `    <testcase classname="synctrack.check" name="${xml(name)}" time="0">`;
    if (rule.ok) return `${open}\n      <system-out>${xml(rule.message)}</system-out>\n    </testcase>`;
    return `${open}\n      <failure type="${xml(ruleKey(rule.rule))}" message="${xml(rule.message)}">${xml(`${runLine(result.run)}: ${rule.message}`)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="synctrack" tests="${result.rules.length}" failures="${broken}" errors="0">`,
    `  <testsuite name="${xml(suite)}" tests="${result.rules.length}" failures="${broken}" errors="0" skipped="0" timestamp="${timestamp.toISOString().slice(0, 19)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/** A label value: backslash, double quote and newline escaped (the exposition format's rules). */
const label = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');

function runLabels(run: CheckedRun): string {
  const ids = run.run.ids;
  const pairs = ids === null ? [['location', run.run.location]] : [['org_id', ids.orgId], ['sync_id', ids.syncId], ['run_id', ids.runId]];
  return pairs.map(([name, value]) => `${name}="${label(value!)}"`).join(',');
}

export function openMetrics(result: CheckResult, now = new Date()): string {
  const labels = runLabels(result.run);
  const lines: string[] = [];
  const family = (name: string, help: string, samples: Array<[string, number]>) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [extra, value] of samples) lines.push(`${name}{${labels}${extra === '' ? '' : `,${extra}`}} ${Number.isFinite(value) ? value : 'NaN'}`);
  };
  const run = result.run;
  family('synctrack_run_records', 'Records of the run by outcome.', [
    ['outcome="success"', run.byOutcome.success],
    ['outcome="rejected"', run.byOutcome.rejected],
    ['outcome="invalid"', run.byOutcome.invalid],
  ]);
  family('synctrack_run_rejected_ratio', 'Rejected records as a share of all (0-1).', [['', run.total === 0 ? 0 : run.byOutcome.rejected / run.total]]);
  if (run.startedAt !== null) family('synctrack_run_started_timestamp_seconds', 'When the run started (metadata.json).', [['', run.startedAt.getTime() / 1000]]);
  family('synctrack_check_ok', 'Whether every rule holds (1) or not (0).', [['', result.ok ? 1 : 0]]);
  family(
    'synctrack_check_rule_ok',
    'Whether the rule holds (1) or not (0).',
    result.rules.map((rule) => [`rule="${ruleKey(rule.rule)}"`, rule.ok ? 1 : 0]),
  );
  family(
    'synctrack_check_rule_value',
    'What the rule measured (percent for rates; NaN without a previous run).',
    result.rules.map((rule) => [`rule="${ruleKey(rule.rule)}"`, rule.value ?? Number.NaN]),
  );
  family(
    'synctrack_check_rule_limit',
    'The rule\'s limit.',
    result.rules.map((rule) => [`rule="${ruleKey(rule.rule)}"`, rule.limit]),
  );
  family('synctrack_check_timestamp_seconds', 'When the check ran.', [['', Math.floor(now.getTime() / 1000)]]);
  lines.push('# EOF', '');
  return lines.join('\n');
}
