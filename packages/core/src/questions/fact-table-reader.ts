// Reads an organization's fact tables (`metadata/[ORG_ID]/*.parquet`) into typed rows.
import { baseName, factTableOf, factTablesPrefix } from '../layout/sync-tracking-layout.js';
import type { Destination, DestinationObject, FactTables, SourceObject } from '../model/fact-tables.js';
import type { SelectResult } from '../records/decoded-rows.js';
import type { RowGroupScanner } from '../scan/row-group-scanner.js';
import { listObjects } from '../storage/list-all.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';

const SOURCE_COLUMNS = ['id', 'type', 'name', 'model_id', 'business_object_id', 'filter_segment_id', 'cohort_id'];
const NAMED_COLUMNS = ['id', 'type', 'name'];

async function readRows(
  scanner: RowGroupScanner,
  files: Array<{ key: string; file: string; size: number; version?: string }>,
  columns: string[],
  signal?: AbortSignal,
): Promise<Array<Record<string, string | null>>> {
  const rows: Array<Record<string, string | null>> = [];
  const scan = scanner.scan<SelectResult>(
    files,
    () => ({ columns, kernel: { kind: 'select', predicate: {}, output: columns, startRow: 0, limit: null } }),
    { signal },
  );
  for await (const { result } of scan) {
    for (let index = 0; index < result.rowIndexes.length; index++) {
      rows.push(Object.fromEntries(columns.map((column) => [column, (result.columns[column]?.[index] ?? null) as string | null])));
    }
  }
  return rows;
}

export async function readFactTables(
  storage: StorageAdapter,
  scanner: RowGroupScanner,
  base: string,
  orgId: string,
  signal?: AbortSignal,
): Promise<FactTables> {
  const objects = await listObjects(storage, factTablesPrefix(base, orgId), signal);
  const root = storage.location.replace(/\/+$/, '');
  const filesOf = (table: string) =>
    objects
      .filter((object) => factTableOf(baseName(object.key)) === table)
      .map((object) => ({ key: object.key, file: `${root}/${object.key}`, size: object.size, version: object.version }));
  const [sources, destinations, destinationObjects] = await Promise.all([
    readRows(scanner, filesOf('source_objects'), SOURCE_COLUMNS, signal),
    readRows(scanner, filesOf('destinations'), NAMED_COLUMNS, signal),
    readRows(scanner, filesOf('destination_objects'), NAMED_COLUMNS, signal),
  ]);
  return {
    sourceObjects: sources
      .filter((row) => row.id !== null)
      .map(
        (row): SourceObject => ({
          id: row.id!,
          type: row.type ?? null,
          name: row.name ?? null,
          modelId: row.model_id ?? null,
          businessObjectId: row.business_object_id ?? null,
          filterSegmentId: row.filter_segment_id ?? null,
          cohortId: row.cohort_id ?? null,
        }),
      ),
    destinations: destinations
      .filter((row) => row.id !== null)
      .map((row): Destination => ({ id: row.id!, type: row.type ?? null, name: row.name ?? null })),
    destinationObjects: destinationObjects
      .filter((row) => row.id !== null)
      .map((row): DestinationObject => ({ id: row.id!, type: row.type ?? null, name: row.name ?? null })),
  };
}
