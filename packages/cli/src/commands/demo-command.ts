// `synctrack demo [dir]`: builds (or reuses) a realistic local demo bucket and prints what to try next.
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { InvalidArgumentError as UsageError, type Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { formatBytes, formatCount } from '../output/human-format.js';
import { jsonLine } from '../output/json-format.js';
import { examples } from './help-text.js';

interface DemoFlags {
  scale?: number;
  force?: boolean;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number)) throw new UsageError(`expected a positive number, got ${JSON.stringify(value)}`);
  return number;
}

export function registerDemoCommand(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description('Build a local demo bucket of sync tracking data and show what to try on it')
    .argument('[dir]', 'folder to build it in (empty, new, or an earlier demo bucket)', './demo-bucket')
    .option('--scale <factor>', 'multiply every run’s record count (1 is about 280,000 records)', positiveNumber)
    .option('--force', 'rebuild even when the folder already holds the demo')
    .addHelpText(
      'after',
      examples([
        ['synctrack demo', 'build ./demo-bucket'],
        ['synctrack demo /tmp/census-demo --scale 0.1', 'a smaller bucket somewhere else'],
      ]),
    )
    .action(async (dir: string, flags: DemoFlags, command: Command) => {
      const { json } = context.flags(command);
      // Loaded only for this command: the other commands never pay for the demo's code.
      const { buildDemoBucket } = await import('@synctrack/demo');
      const progress = context.progress({ label: 'Writing the demo bucket', unit: 'runs' });
      let bucket: Awaited<ReturnType<typeof buildDemoBucket>>;
      try {
        bucket = await buildDemoBucket({
          dir: resolve(context.cwd, dir),
          ...(flags.scale === undefined ? {} : { scale: flags.scale }),
          ...(flags.force ? { force: true } : {}),
          onProgress: (event) => progress.update(event.done, event.total),
        });
      } finally {
        progress.stop();
      }
      if (json) {
        await context.stdout.write(
          jsonLine({
            dir: bucket.dir,
            built: bucket.built,
            records: bucket.records,
            bytes: bucket.bytes,
            runs: bucket.runs.map((run) => ({
              org_id: run.orgId,
              sync_id: run.syncId,
              run_id: run.runId,
              location: run.location,
              records: run.records,
              in_progress: run.inProgress,
            })),
          }),
        );
        return;
      }
      const shown = (path: string) => {
        const inside = relative(context.cwd, path);
        return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? path : `./${inside}`;
      };
      const first = bucket.runs[0];
      const completed = bucket.runs.filter((run) => !run.inProgress && first !== undefined && run.orgId === first.orgId && run.syncId === first.syncId);
      const newest = completed.reduce<(typeof completed)[number] | undefined>(
        (best, run) => (best === undefined || run.runId.localeCompare(best.runId, 'en', { numeric: true }) > 0 ? run : best),
        undefined,
      );
      const root = shown(bucket.dir);
      const organizations = new Set(bucket.runs.map((run) => run.orgId)).size;
      const syncs = new Set(bucket.runs.map((run) => `${run.orgId}/${run.syncId}`)).size;
      const lines = [
        `${bucket.built ? 'Built' : 'Reused'} the demo bucket at ${root}: ${organizations} organizations, ${syncs} syncs, ` +
          `${bucket.runs.length} runs, ${formatCount(bucket.records)} records, ${formatBytes(bucket.bytes)}` +
          (bucket.built ? '' : ' (--force rebuilds it)'),
        '',
        'Try next:',
        `  synctrack runs ${root}`,
      ];
      if (newest !== undefined) {
        const run = shown(newest.location);
        lines.push(
          `  synctrack summary ${run}`,
          `  synctrack errors ${run} --templates`,
          `  synctrack filter ${run} --status rejected --limit 20`,
          `  synctrack sample ${run} --status invalid --size 10 --seed 1`,
          `  synctrack export ${run} --status rejected --out rejected.csv`,
        );
        const [example] = await context.withRun(newest.location, {}, ({ client, run: ref }) =>
          client.sample(ref, { size: 1, outcome: 'rejected', seed: 1, signal: context.signal }),
        );
        if (example?.identifier) lines.push(`  synctrack find ${run} ${example.identifier}`);
        const sync = shown(dirname(newest.location));
        lines.push(
          `  synctrack diff ${run} --templates`,
          ...(example?.identifier ? [`  synctrack history ${sync} ${example.identifier}`] : []),
          `  synctrack check ${run} --max-rejected-rate 10 --max-new-errors 0 --templates`,
        );
      }
      lines.push('', 'Every command takes --json for machine output and --help for its options and examples.');
      await context.stdout.write(`${lines.join('\n')}\n`);
    });
}
