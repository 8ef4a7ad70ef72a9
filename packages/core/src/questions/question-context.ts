// What every question about a run works with: the storage, the bucket prefix, the row-group scanner
// over the decode pool, and where the local index lives. The client holds one and hands it to each
// question; the questions hold no state of their own.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { listRun, resolveRun, type ResolvedRun, type RunListing } from '../runs/run-files.js';
import type { RowGroupScanner } from '../scan/row-group-scanner.js';
import type { ProgressListener } from '../scan/scan-progress.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';

export interface QuestionContext {
  readonly storage: StorageAdapter;
  /** Key prefix under which `sync_tracking_datasets/` and `metadata/` live (normalised). */
  readonly prefix: string;
  readonly scanner: RowGroupScanner;
  /** The local index's directory when the client was given `index`; null without one. */
  readonly indexDirectory: string | null;
}

/** Options every scan of a run takes. */
export interface ScanOptions {
  signal?: AbortSignal;
  /** Called at the start, after each row group, and at the end (see `ScanProgress`). */
  onProgress?: ProgressListener;
}

export function resolveRunRef(context: QuestionContext, run: RunRef): ResolvedRun {
  return resolveRun(context.storage, context.prefix, run);
}

/** The run's record files and metadata key; throws NOT_FOUND when the folder holds neither. */
export function listRunFiles(context: QuestionContext, run: RunRef, signal?: AbortSignal): Promise<RunListing> {
  return listRun(context.storage, resolveRunRef(context, run), signal);
}

export function positiveInteger(value: unknown, argument: string, allowZero = false): number {
  if (!Number.isSafeInteger(value) || (value as number) < (allowZero ? 0 : 1)) {
    throw new InvalidArgumentError({
      message: `${argument} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got ${String(value)}`,
      context: { argument },
    });
  }
  return value as number;
}

/** One identifier, or many: `find` takes either. */
export type Identifiers = string | number | Iterable<string | number>;

export function identifierList(identifiers: Identifiers): Array<string | number> {
  return typeof identifiers === 'string' || typeof identifiers === 'number' ? [identifiers] : [...identifiers];
}

/**
 * An organization or sync as the methods take it (`{ orgId }`, `{ orgId, syncId }`), checked to be an
 * object; its ids are checked where they become keys. A call in the old positional form
 * (`listRuns('1', '2')`) is an InvalidArgumentError naming the method, not a listing of nothing.
 */
export function refOf<T extends object>(ref: T, argument: 'org' | 'sync', method: string): T {
  if (typeof ref !== 'object' || ref === null) {
    const shape = argument === 'org' ? '{ orgId }' : '{ orgId, syncId }';
    throw new InvalidArgumentError({
      message: `${method} takes the ${argument === 'org' ? 'organization' : 'sync'} as ${shape}, got ${ref === null ? 'null' : typeof ref}`,
      context: { argument },
    });
  }
  return ref;
}
