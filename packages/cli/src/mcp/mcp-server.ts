// `synctrack mcp`: a Model Context Protocol server over stdio whose tools (mcp-tools.ts) answer
// questions about the runs under one location. Read-only: every tool says so in its annotations.
// A tool's failure (a run that is not there, a bad argument, storage trouble) is a tool result with
// `isError` and one line naming what and where, as the CLI prints it; the server keeps serving.
// Stdout carries the protocol only: nothing else may be written there.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { SyncTrackError, type SyncTrackingClient } from '@synctrack/core';
import type { ZodRawShape } from 'zod';
import { TOOLS, ToolInputError, type LocationIds, type ToolContext, type ToolDefinition } from './mcp-tools.js';

export interface McpServeOptions {
  client: SyncTrackingClient;
  ids: LocationIds;
  version: string;
  /** Ends the server (Ctrl-C, or the client closing stdin). */
  signal: AbortSignal;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

function failure(error: unknown): string {
  if (error instanceof ToolInputError) return error.message;
  if (SyncTrackError.isInstance(error)) return `${error.code}: ${error.message}`;
  return `unexpected error: ${error instanceof Error ? error.message : String(error)}`;
}

function register(server: McpServer, tool: ToolDefinition<ZodRawShape>, context: ToolContext): void {
  server.registerTool(
    tool.name,
    { title: tool.title, description: tool.description, inputSchema: tool.shape, annotations: { readOnlyHint: true, openWorldHint: false, title: tool.title } },
    async (args: Record<string, unknown>) => {
      try {
        const text = await tool.answer(context, args);
        return { content: [{ type: 'text' as const, text }] };
      } catch (error) {
        return { content: [{ type: 'text' as const, text: failure(error) }], isError: true };
      }
    },
  );
}

export function createMcpServer(options: Pick<McpServeOptions, 'client' | 'ids' | 'version' | 'signal'>): McpServer {
  const server = new McpServer(
    { name: 'synctrack', version: options.version },
    { instructions: 'Census Sync Tracking data: which records a sync run rejected and why, what happened to a customer, how a run compares with the one before. Start with list_runs.' },
  );
  const context: ToolContext = { client: options.client, ids: options.ids, signal: options.signal };
  for (const tool of TOOLS) register(server, tool as ToolDefinition<ZodRawShape>, context);
  return server;
}

/** Serves until stdin ends or the signal aborts. */
export async function serveMcp(options: McpServeOptions): Promise<void> {
  const server = createMcpServer(options);
  const transport = new StdioServerTransport(options.input as never, options.output as never);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    (options.input ?? process.stdin).once('end', () => resolve());
    options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
