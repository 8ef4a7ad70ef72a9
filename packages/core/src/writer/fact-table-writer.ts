// Writes the fact tables (`metadata/[ORG_ID]/*.parquet`) with the documented snake_case columns.
import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { factTableFileName, factTablesPrefix, normalizePrefix } from '../layout/sync-tracking-layout.js';
import type { FactTables } from '../model/fact-tables.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';
import { encodeParquet, type ParquetCompression } from './parquet-encoding.js';

export interface WriteFactTablesOptions {
  storage: StorageAdapter;
  orgId: string;
  tables: Partial<FactTables>;
  prefix?: string;
  compression?: ParquetCompression;
}

function textTable<T>(rows: readonly T[], columns: Record<string, (row: T) => string | null>): Table {
  return new Table(
    Object.fromEntries(
      Object.entries(columns).map(([name, get]) => [name, vectorFromArray(rows.map(get), new Utf8())]),
    ),
  );
}

/** Writes each table given; returns the keys written. */
export async function writeFactTables(options: WriteFactTablesOptions): Promise<string[]> {
  const folder = factTablesPrefix(normalizePrefix(options.prefix), options.orgId);
  const tables: Array<[string, Table]> = [];
  const { sourceObjects, destinations, destinationObjects } = options.tables;
  if (sourceObjects) {
    tables.push([
      factTableFileName('source_objects'),
      textTable(sourceObjects, {
        id: (row) => row.id,
        type: (row) => row.type,
        name: (row) => row.name,
        model_id: (row) => row.modelId,
        business_object_id: (row) => row.businessObjectId,
        filter_segment_id: (row) => row.filterSegmentId,
        cohort_id: (row) => row.cohortId,
      }),
    ]);
  }
  for (const [table, rows] of [
    ['destinations', destinations],
    ['destination_objects', destinationObjects],
  ] as const) {
    if (rows) {
      tables.push([
        factTableFileName(table),
        textTable(rows, { id: (row) => row.id, type: (row) => row.type, name: (row) => row.name }),
      ]);
    }
  }
  const keys: string[] = [];
  for (const [fileName, table] of tables) {
    const key = `${folder}${fileName}`;
    await options.storage.write!(key, encodeParquet(table, { compression: options.compression ?? 'zstd' }));
    keys.push(key);
  }
  return keys;
}
