// How Census's "View Records" modal groups raw statuses: Success, Rejected, Invalid.
/** The raw statuses the format documents; other strings are kept as they are. */
export type KnownSyncStatus = 'succeeded' | 'rejected' | 'NULL' | 'DUPLICATE';
export type SyncStatus = KnownSyncStatus | (string & {});

export type RecordOutcome = 'success' | 'rejected' | 'invalid';

export const RECORD_OUTCOMES: readonly RecordOutcome[] = ['success', 'rejected', 'invalid'];
export const KNOWN_SYNC_STATUSES: readonly KnownSyncStatus[] = ['succeeded', 'rejected', 'NULL', 'DUPLICATE'];

/**
 * `succeeded` is a success; `NULL`, `DUPLICATE` and a SQL NULL status are the invalid-data checks
 * Census runs before syncing; every other value (`rejected`, or a status this version does not
 * know) is treated as rejected, so nothing unknown is ever counted as a success.
 */
export function outcomeOf(status: string | null): RecordOutcome {
  if (status === null) return 'invalid';
  const normalized = status.toLowerCase();
  if (normalized === 'succeeded' || normalized === 'success') return 'success';
  if (normalized === 'null' || normalized === 'duplicate') return 'invalid';
  return 'rejected';
}

export function isRecordOutcome(value: unknown): value is RecordOutcome {
  return value === 'success' || value === 'rejected' || value === 'invalid';
}
