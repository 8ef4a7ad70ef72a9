// `<run>` plus the alternative `<bucket> --org O --sync S --run R`, for every command that reads one run.
import type { Command } from 'commander';

export function addRunArgument(command: Command): Command {
  return command
    .argument('<run>', 'run folder (…/sync_tracking_datasets/ORG/SYNC/RUN) as a path or URL, or a bucket with --org, --sync, --run')
    .option('--org <id>', 'organization id (with a bucket location)')
    .option('--sync <id>', 'sync id (with a bucket location)')
    .option('--run <id>', 'sync run id (with a bucket location)');
}
