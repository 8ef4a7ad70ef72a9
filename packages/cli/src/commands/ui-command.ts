// `synctrack ui <location>`: serves the local viewer (@synctrack/viewer) on a bucket, organization,
// sync or run, on 127.0.0.1 unless --host says otherwise, until Ctrl-C or a kill (ui-lifetime.ts).
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { port } from '../options/option-parsers.js';
import { jsonLine } from '../output/json-format.js';
import { examples } from './help-text.js';
import { servingStopped } from './ui-lifetime.js';

interface UiFlags {
  port: number;
  host?: string;
}

export const DEFAULT_UI_PORT = 7420;

/** The viewer's page for what the location names: a run, a sync's history, or the whole bucket. */
function deepLink(ids: string[]): string {
  const path = ids.slice(0, 3).map(encodeURIComponent).join('/');
  if (ids.length >= 3) return `#/runs/${path}`;
  if (ids.length === 2) return `#/history/${path}`;
  return '';
}

export function registerUiCommand(program: Command, context: CliContext): void {
  program
    .command('ui')
    .description('Serve the local viewer (sync history and "View Records") on a bucket, sync or run')
    .argument('<location>', 'bucket, organization, sync or run folder, as a path or URL')
    .option('--port <n>', 'port to listen on; 0 picks a free one', port, DEFAULT_UI_PORT)
    .option('--host <address>', 'listen on this address instead of 127.0.0.1: anyone who can reach it can read the data')
    .addHelpText(
      'after',
      examples([
        ['synctrack ui ./demo-bucket', 'browse every sync and run of a bucket'],
        ['synctrack ui ./demo-bucket/sync_tracking_datasets/4821/120/1200004', 'open one run’s records'],
        ['synctrack ui s3://acme-census --port 0', 'a bucket in S3, on any free port'],
      ]),
    )
    .action(async (location: string, flags: UiFlags, command: Command) => {
      const { json } = context.flags(command);
      // Loaded only for this command: the viewer brings a web server (hono) the other commands never use.
      const { startViewer } = await import('@synctrack/viewer');
      const target = await context.openLocation(location);
      try {
        const viewer = await startViewer({
          storage: target.client.storage,
          prefix: target.rootPrefix,
          port: flags.port,
          ...(flags.host === undefined ? {} : { host: flags.host }),
        });
        const url = `${viewer.url}${deepLink(target.parts.ids)}`;
        if (json) await context.stdout.write(jsonLine({ url }));
        else await context.stdout.writeLine(`synctrack viewer on ${url}  (Ctrl-C to stop)`);
        await context.stdout.flush();
        await servingStopped(context.signal, context.env);
        await viewer.close();
      } finally {
        await target.close();
      }
    });
}
