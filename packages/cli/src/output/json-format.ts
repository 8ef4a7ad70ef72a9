// The machine-readable output contract of `--json`: the dataset's own column names, snake_case keys,
// ISO-8601 UTC times, SQL NULL as null. Tests assert these shapes exactly.
import {
  stringifyJson,
  type ErrorGroup,
  type JsonValue,
  type RunInfo,
  type RunMetadata,
  type RunSummary,
  type SyncRecord,
  type TimeSpan,
} from '@synctrack/core';
import { RECORD_ROW_KEYS, isoTime, recordRow, type RecordRow } from '@synctrack/core/internal';

/** A record in `--json` output: core's `RecordRow` (the dataset's column names, ISO times). */
export type RecordJson = RecordRow;

/** The keys of a record in JSON Lines and CSV, in order. */
export const RECORD_JSON_KEYS = RECORD_ROW_KEYS;

export const recordJson: (record: SyncRecord) => RecordJson = recordRow;

function timeSpanJson(span: TimeSpan | null): { first: string | null; last: string | null } | null {
  return span === null ? null : { first: isoTime(span.first), last: isoTime(span.last) };
}

export function metadataJson(metadata: RunMetadata | null): Record<string, JsonValue> | null {
  if (metadata === null) return null;
  return {
    organization_id: metadata.organizationId,
    workspace_id: metadata.workspaceId,
    sync_configuration_id: metadata.syncConfigurationId,
    sync_run_id: metadata.syncRunId,
    source_type: metadata.sourceType,
    source_id: metadata.sourceId,
    destination_type: metadata.destinationType,
    destination_id: metadata.destinationId,
    destination_object_id: metadata.destinationObjectId,
    run_started_at: isoTime(metadata.runStartedAt),
    record_payload_schema: metadata.recordPayloadSchema,
  };
}

function outcomesJson(summary: Pick<RunSummary, 'byOutcome'>): Record<string, number> {
  return { success: summary.byOutcome.success, rejected: summary.byOutcome.rejected, invalid: summary.byOutcome.invalid };
}

export function summaryJson(summary: RunSummary): Record<string, JsonValue> {
  return {
    total: summary.total,
    by_status: summary.byStatus.map(({ status, count }) => ({ status, count })),
    outcomes: outcomesJson(summary),
    by_operation: summary.byOperation.map(({ operation, count }) => ({ operation, count })),
    by_batch_type: summary.byBatchType.map(({ batchType, files, count }) => ({ batch_type: batchType, files, count })),
    batch_started_at: timeSpanJson(summary.batchStartedAt),
    batch_ended_at: timeSpanJson(summary.batchEndedAt),
    files: summary.files,
    bytes: summary.bytes,
    location: summary.run.location,
    org_id: summary.run.ids?.orgId ?? null,
    sync_id: summary.run.ids?.syncId ?? null,
    run_id: summary.run.ids?.runId ?? null,
    metadata: metadataJson(summary.metadata),
  };
}

export function errorGroupJson(group: ErrorGroup): Record<string, JsonValue> {
  const { statusMessage, count, examples, messages } = group;
  // Two literals, not a spread: `errors --json` makes one per group (267k on a 10M-record run).
  return messages === undefined ? { status_message: statusMessage, count, examples } : { status_message: statusMessage, count, examples, messages };
}

/** One line of `synctrack runs --json`: the run and its counts, or the error that kept them from being read. */
export function runJson(
  info: RunInfo,
  location: string,
  // What `runs` knows of a run: a summary's counts, or a sync history's (`RunStats`).
  result: { summary: Pick<RunSummary, 'total' | 'byOutcome' | 'batchStartedAt' | 'batchEndedAt' | 'files' | 'bytes'> } | { error: { code: string; message: string } },
): Record<string, JsonValue> {
  const summary = 'summary' in result ? result.summary : null;
  return {
    org_id: info.orgId,
    sync_id: info.syncId,
    run_id: info.runId,
    location,
    started_at: isoTime(info.startedAt),
    total: summary?.total ?? null,
    outcomes: summary === null ? null : outcomesJson(summary),
    batch_started_at: timeSpanJson(summary?.batchStartedAt ?? null),
    batch_ended_at: timeSpanJson(summary?.batchEndedAt ?? null),
    files: summary?.files ?? null,
    bytes: summary?.bytes ?? null,
    error: 'error' in result ? result.error : null,
  };
}

/** One line of JSON, whatever the depth of the values in it (payloads may be thousands of levels deep). */
export function jsonLine(value: unknown): string {
  return `${stringifyJson(value)}\n`;
}
