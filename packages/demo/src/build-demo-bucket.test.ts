import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SyncTrackingClient } from '@synctrack/core';
import { createFsStorage } from '@synctrack/storage-fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoBucket, type DemoBucket } from './build-demo-bucket.js';
import { runMainJob } from './main-job.js';

describe('buildDemoBucket', () => {
  let parent: string;
  let bucket: DemoBucket;
  let client: SyncTrackingClient;

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'synctrack-demo-'));
    bucket = await buildDemoBucket({ dir: join(parent, 'bucket'), scale: 0.05 });
    client = new SyncTrackingClient({ storage: createFsStorage({ root: bucket.dir }) });
  });

  afterAll(async () => {
    if (parent) await rm(parent, { recursive: true, force: true });
  });

  it('writes several organizations, syncs and runs in the documented layout', async () => {
    expect(await client.listOrganizations()).toEqual(['4821', '9113']);
    expect(await client.listSyncs({ orgId: '4821' })).toEqual(['120', '121', '122']);
    const runs = await client.listRuns({ orgId: '4821', syncId: '120' });
    expect(runs.map((run) => run.runId)).toEqual(['1200005', '1200004', '1200003', '1200002', '1200001']);
    expect(bucket.runs).toHaveLength(16);
    expect(bucket.records).toBe(bucket.runs.reduce((sum, run) => sum + run.records, 0));
  });

  it('holds successes, rejections and both kinds of invalid records, with realistic messages', async () => {
    const summary = await client.summary({ orgId: '4821', syncId: '120', runId: '1200004' });
    const statuses = summary.byStatus.map((entry) => entry.status);
    expect(statuses).toEqual(expect.arrayContaining(['succeeded', 'rejected', 'NULL', 'DUPLICATE']));
    expect(summary.byOutcome.success).toBeGreaterThan(summary.byOutcome.rejected);
    expect(summary.byOutcome.invalid).toBeGreaterThan(0);
    const errors = await client.errors({ orgId: '4821', syncId: '120', runId: '1200004' }, { templates: true });
    expect(errors[0]!.statusMessage).toMatch(/^INVALID_EMAIL_ADDRESS/);
    const nullKeys = [];
    for await (const record of client.filter({ orgId: '4821', syncId: '120', runId: '1200004' }, { status: 'NULL' })) nullKeys.push(record);
    expect(nullKeys.length).toBeGreaterThan(0);
    expect(nullKeys.every((record) => record.identifier === null && record.outcome === 'invalid')).toBe(true);
  });

  it('names sources and destinations through the fact tables', async () => {
    const details = await client.describeRun({ orgId: '9113', syncId: '341', runId: '3410002' });
    expect(details.sourceObject?.type).toBe('DataWarehouse::CohortSource');
    expect(details.destination?.name).toBe('Braze US');
    expect(details.destinationObject?.type).toBe('Braze::ObjectTypes::User');
  });

  it('has one run in the pre-2025 format and one still being written', async () => {
    const legacy = await client.listRunFiles({ orgId: '4821', syncId: '121', runId: '1210001' });
    expect(legacy.files.map((file) => file.name).sort()).toEqual(['records_invalid.parquet', 'records_updated.parquet']);
    expect(legacy.files.every((file) => file.batchNumber === null)).toBe(true);
    const inProgress = bucket.runs.find((run) => run.inProgress)!;
    expect(inProgress.runId).toBe('1200005');
    expect(inProgress.records).toBeLessThan(bucket.runs.find((run) => run.runId === '1200004')!.records);
  });

  it('reuses an existing demo bucket and refuses to touch a folder that is not one', async () => {
    const again = await buildDemoBucket({ dir: bucket.dir, scale: 0.05 });
    expect(again.built).toBe(false);
    const foreign = join(parent, 'my-data');
    await mkdir(foreign);
    await writeFile(join(foreign, 'precious.txt'), 'keep me');
    await expect(buildDemoBucket({ dir: foreign })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(await readdir(foreign)).toEqual(['precious.txt']);
  });

  it('walks through the main job', async () => {
    const lines: string[] = [];
    await runMainJob({ dir: bucket.dir, write: (line) => lines.push(line) });
    const text = lines.join('\n');
    expect(text).toContain('Sync history: Customers → Salesforce Contacts');
    expect(text).toMatch(/Did run 1200004 get worse than run 1200003\? ─+\n {2}rejected \d+\.\d% vs \d+\.\d%/);
    expect(text).toContain('INVALID_EMAIL_ADDRESS: Email: invalid email address: <email>');
    expect(text).toContain('5 failing rows for the CRM team');
  });
});
