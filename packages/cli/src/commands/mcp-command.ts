// `synctrack mcp <location>`: serves the Model Context Protocol over stdio for an AI assistant (Claude
// Desktop, Claude Code, Cursor, …): read-only tools for runs, summary, errors, find, sample, compare
// and check over the runs under the location. The protocol SDK is loaded only by this command.
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { examples } from './help-text.js';

export function registerMcpCommand(program: Command, context: CliContext): void {
  program
    .command('mcp')
    .description('Serve the Model Context Protocol on stdio: read-only tools over the runs under a location, for AI assistants')
    .argument('<location>', 'a bucket, or an organization, sync or run folder (its ids become the tools’ defaults), as a path or URL')
    .addHelpText(
      'after',
      examples([
        ['synctrack mcp ./demo-bucket', 'serve the demo bucket (an MCP client starts this command; see the README)'],
        ['synctrack mcp s3://acme-census/sync_tracking_datasets/4821/120', 'one sync of a bucket in S3'],
      ]),
    )
    .action(async (location: string, _flags: unknown, command: Command) => {
      const target = await context.openLocation(location);
      try {
        const [orgId, syncId, runId] = target.parts.inLayout ? target.parts.ids : [];
        const { serveMcp } = await import('../mcp/mcp-server.js');
        await context.stderr.writeLine(`synctrack: serving MCP on stdio for ${target.parts.location}`);
        await serveMcp({
          client: target.client,
          ids: { ...(orgId === undefined ? {} : { orgId }), ...(syncId === undefined ? {} : { syncId }), ...(runId === undefined ? {} : { runId }) },
          version: command.parent?.version() ?? '0.0.0',
          signal: context.signal,
          input: context.io.stdin ?? process.stdin,
          output: context.io.stdout,
        });
      } finally {
        await target.close();
      }
    });
}
