// `synctrack ui <location>`: the local viewer. Registered so the name is reserved and --help tells
// the truth; it fails with the "unsupported" exit code until the viewer ships.
import type { Command } from 'commander';
import { UnsupportedError } from '@synctrack/core';
import { examples } from './help-text.js';

export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('Open the local viewer on a bucket or run (not available yet)')
    .argument('<location>', 'bucket, sync or run folder, as a path or URL')
    .addHelpText('after', examples([['synctrack ui ./demo-bucket', 'browse a bucket in the viewer (not available yet)']]))
    .action(() => {
      throw new UnsupportedError({
        message: 'synctrack ui is not available yet: the local viewer ships in a later release; use runs, summary, errors, filter and export meanwhile',
        context: { operation: 'ui' },
      });
    });
}
