// The shapes `summary()` and `errors()` return.
import type { RunMetadata } from '../model/run-metadata.js';
import type { RecordOutcome } from '../model/record-outcome.js';
import type { ResolvedRun } from '../runs/run-files.js';

export interface TimeSpan {
  first: Date;
  last: Date;
}

export interface RunSummary {
  run: ResolvedRun;
  total: number;
  byStatus: Array<{ status: string | null; count: number }>;
  byOutcome: Record<RecordOutcome, number>;
  byOperation: Array<{ operation: string | null; count: number }>;
  byBatchType: Array<{ batchType: string; files: number; count: number }>;
  batchStartedAt: TimeSpan | null;
  batchEndedAt: TimeSpan | null;
  files: number;
  bytes: number;
  metadata: RunMetadata | null;
}

export interface ErrorGroup {
  /** The message, or with `templates` the masked template. */
  statusMessage: string | null;
  count: number;
  /** Up to `examples` identifiers of records with this message. */
  examples: Array<string | null>;
  /** With `templates`: how many distinct messages the template covers. */
  messages?: number;
}
