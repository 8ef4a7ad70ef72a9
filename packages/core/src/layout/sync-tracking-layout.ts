// The bucket layout Census writes, in one place:
//   sync_tracking_datasets/[ORG_ID]/[SYNC_ID]/[SYNC_RUN_ID]/{[batch_type].[batch_number].parquet, metadata.json}
//   metadata/[ORG_ID]/{source_objects,destinations,destination_objects}*.parquet
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { FactTableName } from '../model/fact-tables.js';

export const SYNC_TRACKING_FOLDER = 'sync_tracking_datasets';
export const FACT_TABLES_FOLDER = 'metadata';
export const RUN_METADATA_FILE = 'metadata.json';

/** A run named by its ids. */
export interface RunIds {
  orgId: string;
  syncId: string;
  runId: string;
}

/** A run named by ids, or by the key prefix of its folder (`…/sync_tracking_datasets/1/2/3/`). */
export type RunRef = RunIds | { location: string };

/** An organization, by id (a `RunIds` or `RunInfo` will do). */
export type OrgRef = Pick<RunIds, 'orgId'>;

/** A sync, by its ids (a `RunIds` or `RunInfo` will do). */
export type SyncRef = Pick<RunIds, 'orgId' | 'syncId'>;

export interface RecordFileName {
  batchType: string;
  batchNumber: number | null;
}

const RECORD_FILE = /^([A-Za-z0-9_-]+?)(?:\.(\d+))?\.parquet$/;

/** `records_updated.3.parquet` → `{ batchType: 'records_updated', batchNumber: 3 }`; other names → null. */
export function parseRecordFileName(name: string): RecordFileName | null {
  const match = RECORD_FILE.exec(name);
  if (match === null) return null;
  return { batchType: match[1]!, batchNumber: match[2] === undefined ? null : Number(match[2]) };
}

export function recordFileName(batchType: string, batchNumber: number | null): string {
  if (!/^[A-Za-z0-9_-]+$/.test(batchType)) {
    throw new InvalidArgumentError({
      message: `Invalid batch type ${JSON.stringify(batchType)}: use letters, digits, "_" or "-"`,
      context: { argument: 'batchType' },
    });
  }
  return batchNumber === null ? `${batchType}.parquet` : `${batchType}.${batchNumber}.parquet`;
}

/** Normalises a key prefix to '' or `something/`. */
export function normalizePrefix(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '' || prefix === '/' || prefix === '.') return '';
  const trimmed = prefix.replace(/^\.?\/+/, '').replace(/\/+$/, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

function assertIdSegment(value: string, name: string): void {
  if (typeof value !== 'string' || value === '' || value.includes('/') || value === '.' || value === '..') {
    throw new InvalidArgumentError({
      message: `Invalid ${name} ${JSON.stringify(value)}: an id is a non-empty string without "/"`,
      context: { argument: name },
    });
  }
}

export function organizationsPrefix(base: string): string {
  return `${normalizePrefix(base)}${SYNC_TRACKING_FOLDER}/`;
}

export function syncsPrefix(base: string, orgId: string): string {
  assertIdSegment(orgId, 'orgId');
  return `${organizationsPrefix(base)}${orgId}/`;
}

export function runsPrefix(base: string, orgId: string, syncId: string): string {
  assertIdSegment(syncId, 'syncId');
  return `${syncsPrefix(base, orgId)}${syncId}/`;
}

export function runPrefix(base: string, ids: RunIds): string {
  assertIdSegment(ids.runId, 'runId');
  return `${runsPrefix(base, ids.orgId, ids.syncId)}${ids.runId}/`;
}

export function factTablesPrefix(base: string, orgId: string): string {
  assertIdSegment(orgId, 'orgId');
  return `${normalizePrefix(base)}${FACT_TABLES_FOLDER}/${orgId}/`;
}

/** The fact table a file under `metadata/[ORG_ID]/` holds, by its name; null for other files. */
export function factTableOf(fileName: string): FactTableName | null {
  if (!fileName.endsWith('.parquet')) return null;
  const stem = fileName.toLowerCase();
  if (stem.startsWith('source_object')) return 'source_objects';
  if (stem.startsWith('destination_object')) return 'destination_objects';
  if (stem.startsWith('destination')) return 'destinations';
  return null;
}

export function factTableFileName(table: FactTableName): string {
  return `${table}.parquet`;
}

/** The ids in a run folder's key, when it follows the layout. */
export function runIdsFromPrefix(prefix: string): RunIds | null {
  const segments = normalizePrefix(prefix).split('/').filter((segment) => segment !== '');
  const at = segments.lastIndexOf(SYNC_TRACKING_FOLDER);
  if (at < 0 || segments.length !== at + 4) return null;
  return { orgId: segments[at + 1]!, syncId: segments[at + 2]!, runId: segments[at + 3]! };
}

/** The last path segment of a prefix or key. */
export function baseName(key: string): string {
  const trimmed = key.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
