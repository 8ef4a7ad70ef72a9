// The messages between the fuzz runner and its mutant-running child processes.
import type { SyncTrackErrorCode } from '../../src/errors/sync-track-error.js';

export const OPERATIONS = ['summary', 'errors', 'filter', 'find', 'sample', 'filterJsonLines', 'indexedFind'] as const;
export type OperationName = (typeof OPERATIONS)[number];

/** Runner → child. */
export type ParentMessage = { type: 'mutant'; index: number; bytes: Uint8Array; operations: OperationName[] } | { type: 'stop' };

/** Child → runner. */
export type ChildMessage =
  | { type: 'ready' }
  | { type: 'start'; index: number; operation: OperationName }
  | {
      type: 'end';
      index: number;
      operation: OperationName;
      outcome: 'completed' | 'typed' | 'untyped';
      code?: SyncTrackErrorCode;
      /** A typed error's message names the mutated file. */
      namesFile?: boolean;
      message?: string;
      ms: number;
      /** The child's resident memory after the operation, in bytes. */
      rss: number;
    }
  | { type: 'done'; index: number };
