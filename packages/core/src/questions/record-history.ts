// recordHistory: one record's story across a sync — every appearance of some identifiers, oldest
// run first, with the payload fields that changed since that identifier's previous appearance.
// Each run is a `find` (through the local index when the client or call asks for it); a few runs
// are looked in ahead while the caller reads, and appearances stream run by run, so memory holds
// a few runs' matches and each identifier's last payload, whatever the sync's length.
import { access } from 'node:fs/promises';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { RunIds, SyncRef } from '../layout/sync-tracking-layout.js';
import type { JsonValue } from '../model/json-value.js';
import type { SyncRecord } from '../model/sync-record.js';
import { listRunInfos, type RunInfo } from '../runs/run-discovery.js';
import { find } from './find.js';
import { changedPayloadFields } from './payload-changes.js';
import { identifierList, resolveRunRef, type Identifiers, type QuestionContext } from './question-context.js';
import { defaultIndexDirectory, indexPath } from './run-index.js';

export interface RecordHistoryOptions {
  signal?: AbortSignal;
  /**
   * Use (and build on first use) each run's local index; defaults to the client's `index` option.
   * `'existing'`: use the index of each run that has one (rebuilt if its run's files changed), and
   * scan the others without building theirs.
   */
  index?: boolean | 'existing';
  /** Only runs started at or after this time (runs without a start time are then left out). */
  runsStartedFrom?: Date;
  /** Only runs started before this time (runs without a start time are then left out). */
  runsStartedBefore?: Date;
  /** Called as each run has been looked in. */
  onRun?: (done: number, total: number) => void;
}

/** One appearance of a record in a run. */
export interface RecordAppearance {
  identifier: string;
  run: RunInfo;
  record: SyncRecord;
  /** The run of this identifier's previous appearance (this run for a duplicate in it); null the first time. */
  previousRunId: string | null;
  /**
   * Top-level payload fields added, removed or changed since the previous appearance (a payload
   * that is not an object counts as one field, `record_payload`); empty the first time.
   */
  changedFields: string[];
}

/** Runs looked in ahead of the one being read. */
const LOOKAHEAD = 3;

/** Every record with these identifiers in every run of the sync, oldest run first, in run order within a run. */
export async function* recordHistory(
  context: QuestionContext,
  sync: SyncRef,
  identifiers: Identifiers,
  options: RecordHistoryOptions,
): AsyncGenerator<RecordAppearance> {
  if (options.index !== undefined && typeof options.index !== 'boolean' && options.index !== 'existing') {
    throw new InvalidArgumentError({ message: `index must be true, false or 'existing', got ${String(options.index)}`, context: { argument: 'index' } });
  }
  const ids = identifierList(identifiers).map(String);
  if (ids.length === 0) return;
  const from = timeBound(options.runsStartedFrom, 'runsStartedFrom');
  const before = timeBound(options.runsStartedBefore, 'runsStartedBefore');
  // listRuns is newest first; a run without a start time sorts oldest.
  const runs = (await listRunInfos(context.storage, context.prefix, sync.orgId, sync.syncId, { signal: options.signal }))
    .reverse()
    .filter((run) => startedWithin(run.startedAt, from, before));
  // The looks ahead end with the caller: when it stops early, fails or aborts.
  const stop = new AbortController();
  const forward = () => stop.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forward, { once: true });
  if (options.signal?.aborted) forward();
  const lookIn = (run: RunInfo) => {
    const ref = { orgId: run.orgId, syncId: run.syncId, runId: run.runId };
    const found = indexChoice(context, ref, options.index).then((index) =>
      find(context, ref, ids, { signal: stop.signal, ...(index === undefined ? {} : { index }) }),
    );
    found.catch(() => undefined); // awaited in order below
    return found;
  };
  const inFlight: Array<Promise<SyncRecord[]>> = [];
  const last = new Map<string, { runId: string; payload: JsonValue | null }>();
  try {
    for (let at = 0; at < runs.length; at++) {
      while (inFlight.length < LOOKAHEAD && at + inFlight.length < runs.length) inFlight.push(lookIn(runs[at + inFlight.length]!));
      const records = await inFlight.shift()!;
      const run = runs[at]!;
      for (const record of records) {
        const identifier = record.identifier!;
        const previous = last.get(identifier);
        last.set(identifier, { runId: run.runId, payload: record.payload });
        yield {
          identifier,
          run,
          record,
          previousRunId: previous?.runId ?? null,
          changedFields: previous === undefined ? [] : changedPayloadFields(previous.payload, record.payload),
        };
      }
      options.onRun?.(at + 1, runs.length);
    }
  } finally {
    // A caller that stops early (or a failure) ends the looks already started, and lets them settle.
    options.signal?.removeEventListener('abort', forward);
    stop.abort();
    await Promise.allSettled(inFlight);
  }
}

/** Whether `find` uses the run's index: as asked, or with `'existing'` when its index file is there. */
async function indexChoice(context: QuestionContext, run: RunIds, index: RecordHistoryOptions['index']): Promise<boolean | undefined> {
  if (index !== 'existing') return index;
  const path = indexPath(context.indexDirectory ?? defaultIndexDirectory(), resolveRunRef(context, run).location);
  return access(path).then(
    () => true,
    () => false,
  );
}

function timeBound(value: Date | undefined, argument: string): Date | undefined {
  if (value === undefined) return undefined;
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidArgumentError({ message: `${argument} must be a valid Date, got ${String(value)}`, context: { argument } });
  }
  return value;
}

/** Whether a run started within the bounds; without a start time, only when there are none. */
function startedWithin(startedAt: Date | null, from: Date | undefined, before: Date | undefined): boolean {
  if (from === undefined && before === undefined) return true;
  if (startedAt === null) return false;
  return (from === undefined || startedAt >= from) && (before === undefined || startedAt < before);
}
