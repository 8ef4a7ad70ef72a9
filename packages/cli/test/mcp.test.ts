// `synctrack mcp` as an MCP client sees it: the CLI started as a process (from its sources, through
// tsx) and driven by the protocol SDK's own client over stdio, on the fixture bucket. Every tool is
// listed with a JSON schema and marked read-only; each answer equals what the SDK answers directly;
// ids default to the location's; a bad call is a tool error naming the problem, and the server goes on.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { SyncTrackingClient } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureBucket, type FixtureBucket } from './fixture-bucket.js';

const bin = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const RUN = { orgId: '11', syncId: '22', runId: '333' };

let bucket: FixtureBucket;
let sdk: SyncTrackingClient;

async function connect(location: string): Promise<Client> {
  const client = new Client({ name: 'synctrack-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', bin, 'mcp', location], stderr: 'pipe', env: { ...process.env, NO_COLOR: '1' } as Record<string, string> }));
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ json: Record<string, unknown>; isError: boolean; text: string }> {
  const result = (await client.callTool({ name, arguments: args })) as { content: Array<{ type: string; text: string }>; isError?: boolean };
  const text = result.content[0]!.text;
  return { text, isError: result.isError === true, json: result.isError === true ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

beforeAll(async () => {
  bucket = await writeFixtureBucket();
  sdk = new SyncTrackingClient({ storage: createFsStorage({ root: bucket.dir }) });
});

afterAll(async () => {
  await sdk?.close();
  await bucket?.remove();
});

describe('synctrack mcp', () => {
  let client: Client;

  beforeAll(async () => {
    client = await connect(bucket.dir);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
  });

  it('lists its tools, each with a JSON schema, read-only', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['check', 'compare_runs', 'errors', 'find', 'list_runs', 'sample', 'summary']);
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.annotations?.readOnlyHint).toBe(true);
      expect(tool.description!.length).toBeGreaterThan(40);
    }
    const find = tools.find((tool) => tool.name === 'find')!;
    expect(find.inputSchema.required).toEqual(['identifiers']);
  });

  it('list_runs, summary, errors and find answer as the SDK does', async () => {
    const syncs = await call(client, 'list_runs', {});
    expect(syncs.json).toEqual({ syncs: [{ org_id: '11', sync_id: '22' }], truncated: false });
    const runs = await call(client, 'list_runs', { org_id: '11', sync_id: '22' });
    expect((runs.json.runs as Array<{ run_id: string; total: number }>).map((run) => [run.run_id, run.total])).toEqual([
      ['333', 15],
      ['332', 2],
    ]);
    const summary = await call(client, 'summary', { org_id: '11', sync_id: '22' });
    const expected = await sdk.summary(RUN);
    expect(summary.json).toMatchObject({ run_id: '333', total: expected.total, outcomes: expected.byOutcome });
    const errors = await call(client, 'errors', { org_id: '11', sync_id: '22', run_id: '333', templates: false });
    const groups = await sdk.errors(RUN);
    expect(errors.json).toMatchObject({ groups_total: groups.length, truncated: false });
    expect((errors.json.groups as Array<{ status_message: string; count: number }>).map((group) => [group.status_message, group.count])).toEqual(
      groups.map((group) => [group.statusMessage, group.count]),
    );
    const [record] = await sdk.sample(RUN, { size: 1, outcome: 'rejected', seed: 1 });
    const found = await call(client, 'find', { org_id: '11', sync_id: '22', identifiers: [record!.identifier] });
    const records = found.json.records as Array<{ identifier: string; status_message: string }>;
    expect(records.length).toBe((await sdk.find(RUN, record!.identifier!)).length);
    expect(records[0]).toMatchObject({ identifier: record!.identifier, status_message: record!.statusMessage });
  });

  it('sample, compare_runs and check answer as the SDK does', async () => {
    const sample = await call(client, 'sample', { org_id: '11', sync_id: '22', size: 3, seed: 7, outcome: 'invalid' });
    const expected = await sdk.sample(RUN, { size: 3, seed: 7, outcome: 'invalid' });
    expect((sample.json.records as Array<{ identifier: string }>).map((row) => row.identifier)).toEqual(expected.map((row) => row.identifier));
    const compared = await call(client, 'compare_runs', { org_id: '11', sync_id: '22', templates: false });
    expect(compared.json).toMatchObject({
      base: { run_id: '332' },
      head: { run_id: '333' },
      identifiers: { newly_failing: 6, fixed: 0, still_failing: 1, added: 8, removed: 0 },
      errors_total: 3,
    });
    const checked = await call(client, 'check', { org_id: '11', sync_id: '22', max_rejected: 1, max_rejected_rate: 50 });
    expect(checked.json).toMatchObject({ ok: false, rules: [{ rule: 'max_rejected', value: 4, ok: false }, { rule: 'max_rejected_rate', ok: true }] });
  });

  it('a bad call is a tool error with one line, and the server goes on', async () => {
    const missing = await call(client, 'summary', { org_id: '11', sync_id: '22', run_id: '999' });
    expect(missing.isError).toBe(true);
    expect(missing.text).toMatch(/^NOT_FOUND: .*999/);
    expect(missing.text).not.toContain('\n');
    const noIds = await call(client, 'errors', {});
    expect(noIds).toMatchObject({ isError: true, text: 'org_id and sync_id are required (list_runs lists the syncs)' });
    const noRules = await call(client, 'check', { org_id: '11', sync_id: '22' });
    expect(noRules.isError).toBe(true);
    const badArgs = (await client.callTool({ name: 'sample', arguments: { org_id: '11', sync_id: '22', size: 5000 } })) as { isError?: boolean };
    expect(badArgs.isError).toBe(true);
    expect((await call(client, 'summary', { org_id: '11', sync_id: '22' })).isError).toBe(false);
  });
});

describe('synctrack mcp on a run folder', () => {
  it('takes the folder’s ids as every tool’s defaults', async () => {
    const client = await connect(bucket.run);
    try {
      const summary = await call(client, 'summary', {});
      expect(summary.json).toMatchObject({ org_id: '11', sync_id: '22', run_id: '333', total: 15 });
      const older = await call(client, 'summary', { run_id: '332' });
      expect(older.json).toMatchObject({ run_id: '332', total: 2 });
    } finally {
      await client.close();
    }
  }, 60_000);
});
