// `synctrack check <run-or-sync> [rules]`: a run judged against rules, for CI jobs and schedulers.
// Exit code 8 when a rule is broken. Rules come from flags and a config file (check/check-config.ts);
// the result prints for people, as JSON, as GitHub Actions annotations, JUnit XML or OpenMetrics, and
// goes to a webhook when a rule breaks. For a sync, the newest run is checked; `--wait-complete`
// first waits until it stops changing, `--watch` applies the rules as its batches land.
import { appendFile } from 'node:fs/promises';
import { Option, InvalidArgumentError as UsageError, type Command } from 'commander';
import { InvalidArgumentError, type CheckResult, type CheckRuleName, type RunBatch, type RunInfo, type SyncRef, type SyncTrackingClient } from '@synctrack/core';
import { CHECK_RULES } from '@synctrack/core/internal';
import type { CliContext } from '../cli-context.js';
import { EXIT_CODES } from '../exit-codes.js';
import { jsonLine } from '../output/json-format.js';
import { positiveSeconds } from '../options/option-parsers.js';
import type { RunSelection } from '../location/run-target.js';
import { readCheckConfig, ruleKey, settingsFor, type CheckSettings } from '../check/check-config.js';
import { githubAnnotations, githubSummary, junitXml, openMetrics } from '../check/check-formats.js';
import { checkJson, checkLines, checkVerdict } from '../check/check-report.js';
import { addRunOrSyncArgument, openCheckTarget } from '../check/check-target.js';
import { watchWithRules } from '../check/check-watch.js';
import { batchLine } from '../check/batch-lines.js';
import { postWebhook, webhookUrl } from '../check/notify.js';
import { examples } from './help-text.js';

const FORMATS = ['text', 'json', 'github', 'junit', 'prometheus'] as const;
type Format = (typeof FORMATS)[number];

type RuleFlags = Partial<Record<CheckRuleName, number>>;

interface CheckFlags extends RunSelection, RuleFlags {
  config?: string;
  templates?: boolean;
  waitComplete?: boolean;
  watch?: boolean;
  idle: number;
  poll: number;
  format?: Format;
  notify?: string;
}

const RULE_FLAGS: Record<CheckRuleName, { flag: string; help: string; percent: boolean }> = {
  maxRejectedRate: { flag: '--max-rejected-rate <pct>', help: 'at most this percentage of records rejected', percent: true },
  maxInvalidRate: { flag: '--max-invalid-rate <pct>', help: 'at most this percentage of records invalid', percent: true },
  maxRejected: { flag: '--max-rejected <n>', help: 'at most this many rejected records', percent: false },
  maxNewlyFailing: { flag: '--max-newly-failing <n>', help: 'at most this many identifiers failing that did not fail in the previous run', percent: false },
  maxNewErrors: { flag: '--max-new-errors <n>', help: 'at most this many error messages (templates with --templates) the previous run did not have', percent: false },
  maxRejectedRateIncrease: { flag: '--max-rejected-rate-increase <pct>', help: 'the rejected rate may rise at most this many percentage points over the previous run', percent: true },
  minRecords: { flag: '--min-records <n>', help: 'at least this many records', percent: false },
};

function percentage(value: string): number {
  const number = /^\s*(\d+(\.\d*)?|\.\d+)\s*%?\s*$/.test(value) ? Number(value.replace('%', '')) : Number.NaN;
  if (!Number.isFinite(number) || number < 0 || number > 100) throw new UsageError(`expected a percentage from 0 to 100, got ${JSON.stringify(value)}`);
  return number;
}

function count(value: string): number {
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number)) throw new UsageError(`expected a whole number (0 or more), got ${JSON.stringify(value)}`);
  return number;
}

function flagRules(flags: CheckFlags): RuleFlags {
  return Object.fromEntries(CHECK_RULES.filter((rule) => flags[rule] !== undefined).map((rule) => [rule, flags[rule]]));
}

/** The run as its sync's listing describes it (whether it is still being written); null when not listed. */
async function runInfo(client: SyncTrackingClient, sync: SyncRef, runId: string, signal: AbortSignal): Promise<RunInfo | null> {
  return (await client.listRuns(sync, { signal })).find((run) => run.runId === runId) ?? null;
}

async function report(context: CliContext, result: CheckResult, format: Format): Promise<void> {
  switch (format) {
    case 'json':
      return context.stdout.write(jsonLine(checkJson(result)));
    case 'github': {
      await context.stdout.write(githubAnnotations(result));
      const summaryFile = context.env.GITHUB_STEP_SUMMARY;
      if (summaryFile === undefined || summaryFile === '') return;
      try {
        await appendFile(summaryFile, githubSummary(result));
      } catch (error) {
        // The annotations are out; a job summary that cannot be written is worth a line, not the check.
        await context.stderr.writeLine(`synctrack: could not append the job summary to $GITHUB_STEP_SUMMARY (${summaryFile}): ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      return;
    }
    case 'junit':
      return context.stdout.write(junitXml(result));
    case 'prometheus':
      return context.stdout.write(openMetrics(result));
    case 'text':
      return context.stdout.write(`${checkLines(result, { colors: context.stdoutColors, width: context.stdout.columns }).join('\n')}\n`);
  }
}

export function registerCheckCommand(program: Command, context: CliContext): void {
  const command = addRunOrSyncArgument(
    program.command('check').description('Check a run (for a sync: its newest run) against rules; exit code 8 when one is broken'),
  );
  for (const rule of CHECK_RULES) {
    const { flag, help, percent } = RULE_FLAGS[rule];
    command.addOption(new Option(flag, help).argParser(percent ? percentage : count));
  }
  command
    .option('--config <file>', 'rules from a JSON or YAML file (defaults, and per sync); flags win over it')
    .option('--templates', 'new errors are new message templates, not new exact messages')
    .option('--wait-complete', 'wait until the run’s files stop changing (for --idle seconds) before checking it')
    .option('--watch', 'apply the rules as the run’s batches land; exit 8 as soon as one breaks')
    .option('--idle <seconds>', 'with --wait-complete or --watch: the run is complete after this long without a new file', positiveSeconds, 300)
    .option('--poll <seconds>', 'with --wait-complete or --watch: how often the run’s folder is listed', positiveSeconds, 10)
    .addOption(new Option('--format <format>', 'output: text, json (as --json), github (annotations and job summary), junit (XML) or prometheus (OpenMetrics)').choices(FORMATS))
    .option('--notify <url>', 'when a rule breaks, POST the result as JSON (with a Slack-style "text") to this webhook')
    .addHelpText(
      'after',
      examples([
        ['synctrack check ./demo-bucket/sync_tracking_datasets/4821/120 --max-rejected-rate 5', 'the sync’s newest run: at most 5% rejected'],
        ['synctrack check s3://acme-census --org 4821 --sync 120 --config synctrack.config.yaml --format github', 'rules kept in the repository, as GitHub Actions annotations'],
        ['synctrack check ./run --max-new-errors 0 --max-rejected-rate-increase 2 --json', 'no new error messages, and at most 2 points worse than the run before'],
        ['synctrack check s3://acme-census --org 4821 --sync 120 --watch --max-rejected 1000 --notify $SLACK_WEBHOOK', 'follow the run being written; page Slack at the first break'],
      ]),
    )
    .action(async (location: string, flags: CheckFlags, self: Command) => {
      const { json } = context.flags(self);
      if (json && flags.format !== undefined && flags.format !== 'json') {
        throw new InvalidArgumentError({ message: `--json and --format ${flags.format} ask for two outputs: use one`, context: { argument: 'format' } });
      }
      if (flags.watch && flags.waitComplete) {
        throw new InvalidArgumentError({ message: '--watch already follows the run until it is complete: drop --wait-complete', context: { argument: 'watch' } });
      }
      const format: Format = flags.format ?? (json ? 'json' : 'text');
      const notify = flags.notify === undefined ? null : webhookUrl(flags.notify);
      const config = flags.config === undefined ? null : await readCheckConfig(flags.config);
      const target = await openCheckTarget(context, location, flags);
      let result: CheckResult;
      try {
        const settings: CheckSettings = settingsFor(config, target.sync, { rules: flagRules(flags), ...(flags.templates ? { templates: true } : {}) });
        if (Object.keys(settings.rules).length === 0) {
          throw new InvalidArgumentError({
            message: `check needs at least one rule: ${CHECK_RULES.map((rule) => RULE_FLAGS[rule].flag.split(' ')[0]).join(', ')}, or --config`,
            context: { argument: 'rules' },
          });
        }
        const { client } = target.opened;
        // A run named explicitly is looked up in its sync's listing too: one that ended long ago is
        // checked at once rather than after --idle seconds of watching it not change.
        const info = target.info ?? (flags.waitComplete === true && target.sync !== null && 'runId' in target.run ? await runInfo(client, target.sync, target.run.runId, context.signal) : null);
        const watching = flags.watch === true || (flags.waitComplete === true && info?.inProgress !== false);
        const onBatch = async (batch: RunBatch) => {
          await context.stderr.writeLine(`synctrack: ${batchLine(batch, context.stderrColors)}`);
        };
        const watchOptions = { signal: context.signal, pollMs: flags.poll * 1000, idleMs: flags.idle * 1000 };
        let broken: CheckResult | null = null;
        if (flags.watch) {
          const previous = target.sync === null ? null : await client.previousRun(target.run, { signal: context.signal });
          broken = (await watchWithRules(client, target.run, settings, { ...watchOptions, onBatch, previous })).broken;
        } else if (watching) {
          for await (const batch of client.watchRun(target.run, { ...watchOptions, templates: settings.templates })) await onBatch(batch);
        }
        result = broken ?? (await client.check(target.run, settings.rules, { templates: settings.templates, signal: context.signal }));
      } finally {
        await target.opened.close();
      }
      await report(context, result, format);
      if (result.ok) return;
      context.exitCode = EXIT_CODES.rulesBroken;
      if (notify !== null) {
        try {
          await postWebhook(notify, { text: checkVerdict(result), ...checkJson(result) }, { signal: context.signal });
        } catch (error) {
          await context.stderr.writeLine(`${context.stderrColors.red('synctrack:')} ${(error as Error).message}`);
        }
      }
      if (format === 'text' || format === 'json') return;
      await context.stderr.writeLine(`synctrack: ${result.rules.filter((rule) => !rule.ok).map((rule) => ruleKey(rule.rule)).join(', ')} broken`);
    });
}
