// `synctrack index <run>`: builds (or rebuilds) the run's local index now, so that `find --index`
// answers from it without scanning the run.
import type { Command } from 'commander';
import type { BuildIndexStats } from '@synctrack/core';
import type { CliContext } from '../cli-context.js';
import { formatCount } from '../output/human-format.js';
import { jsonLine } from '../output/json-format.js';
import { addRunArgument } from '../options/run-options.js';
import { resolveIndexDirectory } from '../options/index-directory.js';
import type { RunSelection } from '../location/run-target.js';
import { EXAMPLE_RUN, examples } from './help-text.js';

export const INDEX_DIR_DESCRIPTION =
  'where local indexes are kept (default $SYNCTRACK_INDEX_DIR, else $XDG_CACHE_HOME/synctrack/index, else ~/.cache/synctrack/index)';

interface IndexFlags extends RunSelection {
  indexDir?: string;
}

/** `--json` for `index`: the stats with snake_case keys, like every other JSON object the CLI prints. */
export function indexStatsJson(stats: BuildIndexStats): Record<string, string | number> {
  return { path: stats.path, files: stats.files, rows: stats.rows, row_groups: stats.rowGroups, mapped_row_groups: stats.mappedRowGroups };
}

function indexStatsLines(stats: BuildIndexStats): string[] {
  return [
    `Built the index at ${stats.path}`,
    `  files       ${formatCount(stats.files)}`,
    `  rows        ${formatCount(stats.rows)}`,
    `  row groups  ${formatCount(stats.mappedRowGroups)} of ${formatCount(stats.rowGroups)} read row by row; the others are decoded whole when a match is in them`,
  ];
}

export function registerIndexCommand(program: Command, context: CliContext): void {
  addRunArgument(program.command('index').description('Build a run’s local index, so that find --index answers without scanning the run'))
    .option('--index-dir <dir>', INDEX_DIR_DESCRIPTION)
    .addHelpText(
      'after',
      examples([
        [`synctrack index ${EXAMPLE_RUN}`, 'index a run, then look records up with find --index'],
        ['synctrack index s3://acme-census --org 4821 --sync 120 --run 1200004 --index-dir ./indexes --json', 'a run in S3, indexed into ./indexes, stats as JSON'],
      ]),
    )
    .action(async (location: string, flags: IndexFlags, command: Command) => {
      const { json } = context.flags(command);
      const indexDirectory = await resolveIndexDirectory(flags.indexDir, context);
      const stats = await context.withRun(
        location,
        flags,
        async ({ client, run }) => {
          const progress = context.progress({ label: 'Indexing the run', scan: true });
          try {
            return await client.buildIndex(run, { directory: indexDirectory, signal: context.signal, onProgress: progress.onScan });
          } finally {
            progress.stop();
          }
        },
        { indexDirectory },
      );
      if (json) await context.stdout.write(jsonLine(indexStatsJson(stats)));
      else await context.stdout.write(`${indexStatsLines(stats).join('\n')}\n`);
    });
}
