// Sources, destinations and destination objects by name: the fact-table row where the
// organization's tables have one, else what the metadata says (id and type, no name). A sync is
// named as its newest run names it.
import { SOURCE_OBJECT_KINDS, SyncTrackError, type Destination, type DestinationObject, type RunDetails, type SourceObject, type SyncTrackingClient } from '@synctrack/core';
import { compareIds, listChildIds, runsPrefix } from '@synctrack/core/internal';
import type { NamedObject, RunDetailsResponse, SyncListItem } from './api-types.js';

/** `DataWarehouse::Query` → `model`, `Salesforce::Connection` → `Salesforce`, `…::ObjectTypes::Contact` → `Contact`. */
function kindOf(type: string | null): string | null {
  if (type === null) return null;
  return SOURCE_OBJECT_KINDS[type] ?? type.replace(/::Connection$/, '').replace(/^.*::ObjectTypes::/, '');
}

/** The fact-table row when there is one, else what the metadata says (id and type, no name). */
function named(
  row: SourceObject | Destination | DestinationObject | null,
  id: string | null | undefined,
  type: string | null | undefined,
): NamedObject | null {
  if (row !== null) return { id: row.id, type: row.type, name: row.name, kind: kindOf(row.type) };
  return id === null || id === undefined ? null : { id, type: type ?? null, name: null, kind: kindOf(type ?? null) };
}

export function joinedObjects(details: RunDetails): Pick<RunDetailsResponse, 'source' | 'destination' | 'destinationObject'> {
  const metadata = details.metadata;
  return {
    source: named(details.sourceObject, metadata?.sourceId, metadata?.sourceType),
    destination: named(details.destination, metadata?.destinationId, metadata?.destinationType),
    destinationObject: named(details.destinationObject, metadata?.destinationObjectId, null),
  };
}

/** A sync named as its newest run (by run id) names it; nothing when that run cannot be described. */
export async function nameSync(client: SyncTrackingClient, orgId: string, syncId: string, signal: AbortSignal): Promise<SyncListItem> {
  const unnamed: SyncListItem = { syncId, source: null, destination: null, destinationObject: null };
  try {
    const runIds = await listChildIds(client.storage, runsPrefix(client.prefix, orgId, syncId), signal);
    const newest = runIds.sort(compareIds).at(-1);
    if (newest === undefined) return unnamed;
    return { syncId, ...joinedObjects(await client.describeRun({ orgId, syncId, runId: newest }, { signal })) };
  } catch (error) {
    // The sidebar falls back to the id; the sync's own page reports what is wrong.
    if (!SyncTrackError.isInstance(error) || error.code === 'ABORTED') throw error;
    return unnamed;
  }
}

