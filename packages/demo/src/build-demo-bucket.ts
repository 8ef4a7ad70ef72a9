// Builds the demo bucket in a local folder: every organization's syncs and runs in the documented
// layout, the fact tables, one run in the older un-numbered format and one run still in progress.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, SyncRunWriter, writeFactTables, type RunIds, type StorageAdapter } from '@synctrack/core';
import { runPrefix } from '@synctrack/core/internal';
import { createFsStorage } from '@synctrack/storage-fs';
import { DEMO_ORGANIZATIONS, DEMO_SYNCS, type DemoSync } from './demo-catalog.js';
import { demoRandom } from './demo-random.js';
import { generateRun } from './demo-records.js';

const MARKER = '.synctrack-demo.json';
const DEMO_VERSION = 1;
/** The newest completed run of every sync starts here; older runs are six hours apart. */
const NEWEST_RUN_AT = Date.parse('2026-11-23T06:00:00Z');

export interface DemoRun extends RunIds {
  /** The run folder's path on disk. */
  location: string;
  sync: string;
  records: number;
  inProgress: boolean;
}

export interface DemoBucket {
  dir: string;
  runs: DemoRun[];
  records: number;
  bytes: number;
  /** False when an existing demo bucket of the same version and scale was reused. */
  built: boolean;
}

export type DemoProgress = { type: 'run'; run: DemoRun; done: number; total: number };

export interface BuildDemoBucketOptions {
  dir: string;
  /** Multiplies every run's record count (default 1: about 280,000 records). */
  scale?: number;
  /** Rebuild even when the folder already holds this demo. */
  force?: boolean;
  onProgress?: (event: DemoProgress) => void;
}

interface Marker {
  version: number;
  scale: number;
  runs: DemoRun[];
  records: number;
  bytes: number;
}

async function readMarker(dir: string): Promise<Marker | null> {
  try {
    return JSON.parse(await readFile(join(dir, MARKER), 'utf8')) as Marker;
  } catch {
    return null;
  }
}

/** Refuses to write into a folder that holds anything but an earlier demo bucket. */
async function prepareFolder(dir: string, marker: Marker | null): Promise<void> {
  if (existsSync(dir)) {
    const entries = await readdir(dir);
    if (entries.length > 0 && marker === null) {
      throw new InvalidArgumentError({
        message: `${dir} is not empty and is not a synctrack demo bucket; choose an empty or new folder (nothing was changed)`,
        context: { argument: 'dir', location: dir },
      });
    }
    // Only the demo's own folders are removed.
    await rm(join(dir, 'sync_tracking_datasets'), { recursive: true, force: true });
    await rm(join(dir, 'metadata'), { recursive: true, force: true });
  }
  await mkdir(dir, { recursive: true });
}

function runIdFor(sync: DemoSync, index: number): string {
  return String(Number(sync.syncId) * 10_000 + index + 1);
}

async function writeRun(
  storage: StorageAdapter,
  sync: DemoSync,
  runIndex: number,
  options: { scale: number; inProgress: boolean; legacy: boolean; startedAt: number },
): Promise<{ ids: RunIds; records: number }> {
  const organization = DEMO_ORGANIZATIONS.find((org) => org.orgId === sync.orgId)!;
  const ids: RunIds = { orgId: sync.orgId, syncId: sync.syncId, runId: runIdFor(sync, runIndex) };
  const random = demoRandom(Number(ids.runId));
  const writer = new SyncRunWriter({ storage, run: ids, generation: options.legacy ? 'legacy' : 'current' });
  const destination = organization.tables.destinations.find((row) => row.id === sync.destinationId)!;
  const source = organization.tables.sourceObjects.find((row) => row.id === sync.sourceObjectId)!;
  await writer.writeMetadata({
    workspace_id: organization.workspaceId,
    source_type: source.type,
    source_id: source.id,
    destination_type: destination.type,
    destination_id: destination.id,
    destination_object_id: sync.destinationObjectId,
    sync_run_start_time: new Date(options.startedAt).toISOString(),
    record_payload_schema: sync.payloadSchema,
  });
  // Rejections drift upward run over run, so the newest run is the worst: "did it get worse?"
  const drift = sync.runs <= 1 ? 1 : 0.55 + (0.45 * runIndex) / (sync.runs - 1);
  const records = Math.max(1, Math.round(sync.recordsPerRun * options.scale));
  const batches = generateRun(
    sync,
    {
      records,
      rejectRate: options.inProgress ? sync.rejectRate * 1.6 : sync.rejectRate * drift,
      invalidRate: 0.012 + random() * 0.01,
      startedAt: new Date(options.startedAt),
      batchSize: options.legacy ? records : Math.max(200, Math.round(10_000 * options.scale)),
    },
    random,
  );
  let written = 0;
  let batchCount = 0;
  for (const batch of batches) {
    // A run still in progress has landed only its first batches.
    if (options.inProgress && batchCount >= 3) break;
    await writer.writeBatch(batch.batchType, batch.records, options.legacy ? { batchNumber: null } : {});
    written += batch.records.length;
    batchCount++;
  }
  return { ids, records: written };
}

export async function buildDemoBucket(options: BuildDemoBucketOptions): Promise<DemoBucket> {
  const dir = resolve(options.dir);
  const scale = options.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new InvalidArgumentError({ message: `scale must be a positive number, got ${scale}`, context: { argument: 'scale' } });
  }
  const marker = await readMarker(dir);
  if (!options.force && marker?.version === DEMO_VERSION && marker.scale === scale) {
    return { dir, runs: marker.runs, records: marker.records, bytes: marker.bytes, built: false };
  }
  await prepareFolder(dir, marker);
  const storage = createFsStorage({ root: dir });
  for (const organization of DEMO_ORGANIZATIONS) {
    await writeFactTables({ storage, orgId: organization.orgId, tables: organization.tables });
  }
  const plan = DEMO_SYNCS.flatMap((sync, syncIndex) => {
    const runs = Array.from({ length: sync.runs }, (_, runIndex) => ({
      sync,
      runIndex,
      inProgress: false,
      // The oldest run of the HubSpot sync predates 2025: one un-numbered file, legacy columns.
      legacy: sync.destination === 'hubspot' && runIndex === 0,
      startedAt: NEWEST_RUN_AT - (sync.runs - 1 - runIndex) * 6 * 3_600_000 + syncIndex * 600_000,
    }));
    // The first sync has a run that is still being written.
    if (syncIndex === 0) {
      runs.push({ sync, runIndex: sync.runs, inProgress: true, legacy: false, startedAt: NEWEST_RUN_AT + 6 * 3_600_000 });
    }
    return runs;
  });
  const runs: DemoRun[] = [];
  let records = 0;
  for (const item of plan) {
    const { ids, records: count } = await writeRun(storage, item.sync, item.runIndex, { scale, ...item });
    const run: DemoRun = {
      ...ids,
      location: join(dir, runPrefix('', ids)),
      sync: item.sync.label,
      records: count,
      inProgress: item.inProgress,
    };
    runs.push(run);
    records += count;
    options.onProgress?.({ type: 'run', run, done: runs.length, total: plan.length });
  }
  const bytes = await folderBytes(dir);
  const written: Marker = { version: DEMO_VERSION, scale, runs, records, bytes };
  await writeFile(join(dir, MARKER), `${JSON.stringify(written, null, 2)}\n`);
  return { dir, runs, records, bytes, built: true };
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) {
      total += (await stat(join(entry.parentPath, entry.name))).size;
    }
  }
  return total;
}
