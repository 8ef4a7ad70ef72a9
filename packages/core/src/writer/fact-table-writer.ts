// Writes the fact tables (`metadata/[ORG_ID]/*.parquet`) with the documented snake_case columns.
import type { Table } from 'apache-arrow';
import { factTableFileName, factTablesPrefix, normalizePrefix } from '../layout/sync-tracking-layout.js';
import type { FactTables } from '../model/fact-tables.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';
import { encodeParquet, type ParquetCompression } from './parquet-encoding.js';
import { writerModules, type WriterModules } from './writer-modules.js';

export interface WriteFactTablesOptions {
  storage: StorageAdapter;
  orgId: string;
  tables: Partial<FactTables>;
  prefix?: string;
  compression?: ParquetCompression;
}

function textTable<T>(arrow: WriterModules['arrow'], rows: readonly T[], columns: Record<string, (row: T) => string | null>): Table {
  return new arrow.Table(
    Object.fromEntries(
      Object.entries(columns).map(([name, get]) => [name, arrow.vectorFromArray(rows.map(get), new arrow.Utf8())]),
    ),
  );
}

/** Writes each table given; returns the keys written. */
export async function writeFactTables(options: WriteFactTablesOptions): Promise<string[]> {
  const folder = factTablesPrefix(normalizePrefix(options.prefix), options.orgId);
  const tables: Array<[string, Table]> = [];
  const { arrow } = await writerModules();
  const { sourceObjects, destinations, destinationObjects } = options.tables;
  if (sourceObjects) {
    tables.push([
      factTableFileName('source_objects'),
      textTable(arrow, sourceObjects, {
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
        textTable(arrow, rows, { id: (row) => row.id, type: (row) => row.type, name: (row) => row.name }),
      ]);
    }
  }
  const keys: string[] = [];
  for (const [fileName, table] of tables) {
    const key = `${folder}${fileName}`;
    await options.storage.write!(key, await encodeParquet(table, { compression: options.compression ?? 'zstd' }));
    keys.push(key);
  }
  return keys;
}
