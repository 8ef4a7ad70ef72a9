// `synctrack watch <run>`: follows a run while Census writes it — each batch file as it lands, with its
// counts, new error messages and the run's running totals — until its files stop changing for
// `--idle` seconds, metadata.json says it ended, or Ctrl-C. For a sync, its newest run.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { jsonLine } from '../output/json-format.js';
import { positiveSeconds } from '../options/option-parsers.js';
import type { RunSelection } from '../location/run-target.js';
import { batchJson, batchLine } from '../check/batch-lines.js';
import { addRunOrSyncArgument, openCheckTarget } from '../check/check-target.js';
import { examples } from './help-text.js';

interface WatchFlags extends RunSelection {
  idle: number;
  poll: number;
  templates?: boolean;
}

export function registerWatchCommand(program: Command, context: CliContext): void {
  addRunOrSyncArgument(
    program.command('watch').description('Follow a run as it is written: each new batch file, its outcomes and new errors, and the running total'),
  )
    .option('--idle <seconds>', 'stop after this long without a new or changed file', positiveSeconds, 300)
    .option('--poll <seconds>', 'how often the run’s folder is listed', positiveSeconds, 10)
    .option('--templates', 'new errors are new message templates, not new exact messages')
    .addHelpText(
      'after',
      examples([
        ['synctrack watch s3://acme-census --org 4821 --sync 120', 'the sync’s newest run, batch by batch, until it is quiet for 5 minutes'],
        ['synctrack watch ./demo-bucket/sync_tracking_datasets/4821/120/1200004 --idle 30 --json', 'one JSON line per batch'],
      ]),
    )
    .action(async (location: string, flags: WatchFlags, command: Command) => {
      const { json } = context.flags(command);
      const target = await openCheckTarget(context, location, flags);
      try {
        if (!json) await context.stderr.writeLine(`synctrack: watching ${target.opened.client.resolve(target.run).location} (stops after ${flags.idle} s without a new file; Ctrl-C to stop)`);
        let batches = 0;
        for await (const batch of target.opened.client.watchRun(target.run, {
          signal: context.signal,
          idleMs: flags.idle * 1000,
          pollMs: flags.poll * 1000,
          templates: flags.templates === true,
        })) {
          batches++;
          await context.stdout.write(json ? jsonLine(batchJson(batch)) : `${batchLine(batch, context.stdoutColors)}\n`);
          await context.stdout.flush();
        }
        if (!json) await context.stderr.writeLine(`synctrack: ${batches === 0 ? 'no batch file' : `${batches} batch file${batches === 1 ? '' : 's'}`}; the run stopped changing`);
      } finally {
        await target.opened.close();
      }
    });
}
