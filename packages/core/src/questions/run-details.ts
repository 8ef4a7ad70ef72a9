// What a run is, besides its records: its metadata.json, and its source, destination and
// destination object joined from the organization's fact tables (read once per client).
import type { RunRef } from '../layout/sync-tracking-layout.js';
import type { Destination, DestinationObject, FactTables, SourceObject } from '../model/fact-tables.js';
import type { RunMetadata } from '../model/run-metadata.js';
import { readRunMetadata } from '../runs/run-discovery.js';
import { listRun, type ResolvedRun } from '../runs/run-files.js';
import { readFactTables } from './fact-table-reader.js';
import { resolveRunRef, type QuestionContext } from './question-context.js';

export interface RunDetails {
  run: ResolvedRun;
  metadata: RunMetadata | null;
  sourceObject: SourceObject | null;
  destination: Destination | null;
  destinationObject: DestinationObject | null;
}

/** The run's metadata.json; null when the run has record files but no metadata; NOT_FOUND when there is no run. */
export async function runMetadata(context: QuestionContext, run: RunRef, signal?: AbortSignal): Promise<RunMetadata | null> {
  const resolved = resolveRunRef(context, run);
  const metadata = await readRunMetadata(context.storage, resolved.folder, resolved.location, signal);
  // Without metadata, tell a run that has none from a run that does not exist.
  if (metadata === null) await listRun(context.storage, resolved, signal);
  return metadata;
}

/** Each organization's fact tables, read on first use; a failed read is forgotten, so it is retried. */
export class FactTableCache {
  private readonly entries = new Map<string, Promise<FactTables>>();

  get(context: QuestionContext, orgId: string, signal?: AbortSignal): Promise<FactTables> {
    let tables = this.entries.get(orgId);
    if (tables === undefined) {
      tables = readFactTables(context.storage, context.scanner, context.prefix, orgId, signal);
      tables.catch(() => this.entries.delete(orgId));
      this.entries.set(orgId, tables);
    }
    return tables;
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The run's metadata with its source object, destination and destination object joined by id. */
export async function describeRun(
  context: QuestionContext,
  factTables: FactTableCache,
  run: RunRef,
  signal?: AbortSignal,
): Promise<RunDetails> {
  const resolved = resolveRunRef(context, run);
  const metadata = await runMetadata(context, run, signal);
  const orgId = metadata?.organizationId ?? resolved.ids?.orgId ?? null;
  const tables = orgId === null ? null : await factTables.get(context, orgId, signal);
  const byId = <T extends { id: string }>(rows: T[] | undefined, id: string | null | undefined) =>
    (id === null || id === undefined ? undefined : rows?.find((row) => row.id === id)) ?? null;
  return {
    run: resolved,
    metadata,
    sourceObject: byId(tables?.sourceObjects, metadata?.sourceId),
    destination: byId(tables?.destinations, metadata?.destinationId),
    destinationObject: byId(tables?.destinationObjects, metadata?.destinationObjectId),
  };
}
