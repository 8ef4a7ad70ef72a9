// Runs each example as a user would (tsx, a real demo bucket on disk) and checks what it prints
// against the SDK's own answers.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SyncTrackingClient } from '@synctrack/core';
import { buildDemoBucket } from '@synctrack/demo';
import { createFsStorage } from '@synctrack/storage-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const tsx = join(import.meta.dirname, '../node_modules/.bin/tsx');

describe('examples', () => {
  let bucket: string;
  let client: SyncTrackingClient;
  let latest: { orgId: string; syncId: string; runId: string };

  beforeAll(async () => {
    bucket = join(await mkdtemp(join(tmpdir(), 'synctrack-examples-')), 'bucket');
    await buildDemoBucket({ dir: bucket, scale: 0.05 });
    client = new SyncTrackingClient({ storage: createFsStorage({ root: bucket }) });
    latest = (await client.listRuns({ orgId: '4821', syncId: '120' }))[1]!;
  });

  afterAll(async () => {
    if (bucket) await rm(join(bucket, '..'), { recursive: true, force: true });
  });

  const example = async (script: string, ...args: string[]) =>
    (await run(tsx, [join(import.meta.dirname, script), bucket, ...args], { cwd: import.meta.dirname })).stdout;

  it('filter-rejected counts what the SDK counts', async () => {
    const output = await example('filter-rejected.ts', 'EMAIL');
    let expected = 0;
    for await (const _ of client.filter(latest, { outcome: 'rejected', statusMessage: /EMAIL/i })) expected++;
    expect(expected).toBeGreaterThan(0);
    expect(output).toContain(`${expected} rejected records in run ${latest.runId} match /EMAIL/i`);
  });

  it('find-customer finds the identifier in every run that has it', async () => {
    const [record] = await client.sample(latest, { size: 1, outcome: 'rejected', seed: 3 });
    const output = await example('find-customer.ts', record!.identifier!);
    expect(output).toContain(`run ${latest.runId}  ${record!.identifier}  upsert → rejected  ${record!.statusMessage}`);
  });

  it('compare-runs prints what compareRuns answers for the two newest complete runs', async () => {
    const runs = await client.listRuns({ orgId: '4821', syncId: '120' });
    const comparison = await client.compareRuns(runs[2]!, latest, { templates: true });
    const output = await example('compare-runs.ts');
    const { newlyFailing, fixed, stillFailing, added, removed } = comparison.identifiers;
    expect(output).toContain(`run ${latest.runId} against run ${runs[2]!.runId}`);
    expect(output).toContain(`identifiers: ${newlyFailing} newly failing, ${fixed} fixed, ${stillFailing} still failing, ${added} added, ${removed} removed`);
    expect(output).toContain(`${comparison.errors[0]!.statusMessage}`);
  });

  it('check-run prints what client.check answers and exits 8 when a rule is broken', async () => {
    const expected = await client.check(latest, { maxRejectedRate: 25, maxRejectedRateIncrease: 5, maxNewErrors: 0, minRecords: 1 }, { templates: true });
    const result = await run(tsx, [join(import.meta.dirname, 'check-run.ts'), bucket], { cwd: import.meta.dirname }).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result.code).toBe(expected.ok ? 0 : 8);
    expect(result.stdout).toContain(`run ${latest.runId} against run ${expected.previousRun!.run.ids!.runId}`);
    for (const rule of expected.rules) expect(result.stdout).toContain(`${rule.ok ? 'ok    ' : 'BROKEN'}  ${rule.rule}: ${rule.message}`);
  });

  it('sample-failing prints the seeded sample as JSON Lines', async () => {
    const lines = (await example('sample-failing.ts', '4', 'seed-1')).trim().split('\n').map((line) => JSON.parse(line));
    const expected = await client.sample(latest, { size: 4, outcome: 'rejected', seed: 'seed-1' });
    expect(lines.map((line) => line.identifier)).toEqual(expected.map((record) => record.identifier));
    expect(lines.every((line) => typeof line.status_message === 'string' && line.record_payload !== null)).toBe(true);
  });

  it('newest-runs and demo-client, run on their own, say what the bucket holds', async () => {
    const [newest, described] = await Promise.all([example('newest-runs.ts'), example('demo-client.ts')]);
    const runs = await client.listRuns({ orgId: '4821', syncId: '120' });
    const summary = await client.summary(runs[0]!);
    expect(newest).toContain(`org 4821 sync 120 run ${runs[0]!.runId}: ${summary.total} records, ${summary.byOutcome.success} success`);
    expect(described).toContain(`org 4821 sync 120: ${runs.length} runs, newest ${runs[0]!.runId} (still being written)`);
    expect(described).toContain(`the examples read run ${latest.runId} of org 4821 sync 120`);
  });

  it('fails with one line naming the script, never a stack trace', async () => {
    const failure = await run(tsx, [join(import.meta.dirname, 'filter-rejected.ts'), join(bucket, 'sync_tracking_datasets', '4821')], { cwd: import.meta.dirname }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toMatch(/^filter-rejected\.ts: [^\n]+\n$/);
  });
});
