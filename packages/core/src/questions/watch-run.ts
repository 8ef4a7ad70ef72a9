// watchRun: follows a run while Census writes it, batch file by batch file. The run's folder is
// listed every `pollMs`; each file that appears (or is rewritten: another size or version) is
// counted by outcome and its rejection messages, and yielded with the run's running totals. The
// watch ends when nothing has changed for `idleMs`, once metadata.json says the run has ended and
// every file is counted, or with an AbortedError when the signal aborts.
import { AbortedError } from '../errors/aborted-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { messageTemplate } from '../model/message-template.js';
import { outcomeOf, RECORD_OUTCOMES, type RecordOutcome } from '../model/record-outcome.js';
import { readRunMetadata } from '../runs/run-discovery.js';
import { metadataSaysInProgress } from '../runs/run-in-progress.js';
import type { RunFile, RunListing } from '../runs/run-files.js';
import type { AggregateResult } from '../scan/decode-protocol.js';
import { groupCount, groupKey } from '../scan/group-list.js';
import { sleep } from '../storage/abortable-sleep.js';
import { throwIfAborted } from '../storage/throw-if-aborted.js';
import { rateRatio } from './check-rules.js';
import { listRunFiles, type QuestionContext } from './question-context.js';
import { compileQuery } from './record-query.js';

export interface WatchRunOptions {
  signal?: AbortSignal;
  /** How often the run's folder is listed, in milliseconds (default 10 s). */
  pollMs?: number;
  /** The watch ends after this long without a new or changed file, in milliseconds (default 5 minutes). */
  idleMs?: number;
  /** New errors are new message templates rather than new exact messages. */
  templates?: boolean;
}

export const WATCH_RUN_OPTIONS = ['signal', 'pollMs', 'idleMs', 'templates'] as const;

export interface RunTotals {
  files: number;
  records: number;
  byOutcome: Record<RecordOutcome, number>;
  /** Rejected records over all records (0 to 1); null while there are none. */
  rejectedRate: number | null;
}

/** One batch file of the run, as it landed. */
export interface RunBatch {
  /** The file's name in the run folder, e.g. `records_updated.3.parquet`. */
  name: string;
  batchType: string;
  batchNumber: number | null;
  /** The file was seen before with another size or version; its earlier counts are replaced. */
  rewritten: boolean;
  records: number;
  byOutcome: Record<RecordOutcome, number>;
  /** Messages (or templates) of this batch's rejected records that no earlier batch of the run had. */
  newErrors: string[];
  /** The run so far, this batch included. */
  totals: RunTotals;
}

const zeroOutcomes = (): Record<RecordOutcome, number> => Object.fromEntries(RECORD_OUTCOMES.map((outcome) => [outcome, 0])) as Record<RecordOutcome, number>;

function milliseconds(value: number | undefined, fallback: number, argument: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError({ message: `${argument} must be a positive number of milliseconds, got ${String(value)}`, context: { argument } });
  }
  return value;
}

const versionOf = (file: RunFile) => `${file.size}\u0000${file.version ?? ''}\u0000${file.lastModified?.getTime() ?? ''}`;

/** Waits `ms`, or throws AbortedError as soon as the signal aborts. */
async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(ms, signal);
  } catch (error) {
    throw new AbortedError({ message: 'watchRun was aborted', cause: error });
  }
}

export async function* watchRun(context: QuestionContext, run: RunRef, options: WatchRunOptions): AsyncGenerator<RunBatch> {
  const pollMs = milliseconds(options.pollMs, 10_000, 'pollMs');
  const idleMs = milliseconds(options.idleMs, 300_000, 'idleMs');
  const { signal } = options;
  const seen = new Map<string, { version: string; records: number; byOutcome: Record<RecordOutcome, number> }>();
  const messages = new Set<string>();
  const totals: RunTotals = { files: 0, records: 0, byOutcome: zeroOutcomes(), rejectedRate: null };
  let lastChange = Date.now();
  for (;;) {
    throwIfAborted(signal);
    const listing = await listRunFiles(context, run, signal);
    let changed = false;
    for (const file of listing.files) {
      const version = versionOf(file);
      const before = seen.get(file.key);
      if (before?.version === version) continue;
      changed = true;
      const counted = await countBatch(context, file, signal);
      if (before !== undefined) {
        totals.records -= before.records;
        for (const outcome of RECORD_OUTCOMES) totals.byOutcome[outcome] -= before.byOutcome[outcome];
      } else totals.files++;
      seen.set(file.key, { version, records: counted.records, byOutcome: counted.byOutcome });
      totals.records += counted.records;
      for (const outcome of RECORD_OUTCOMES) totals.byOutcome[outcome] += counted.byOutcome[outcome];
      totals.rejectedRate = rateRatio(totals.byOutcome.rejected, totals.records);
      const newErrors: string[] = [];
      for (const message of counted.messages) {
        const key = options.templates ? messageTemplate(message) : message;
        if (messages.has(key)) continue;
        messages.add(key);
        newErrors.push(key);
      }
      yield {
        name: file.name,
        batchType: file.batchType,
        batchNumber: file.batchNumber,
        rewritten: before !== undefined,
        records: counted.records,
        byOutcome: counted.byOutcome,
        newErrors,
        totals: { ...totals, byOutcome: { ...totals.byOutcome } },
      };
    }
    const now = Date.now();
    if (changed) lastChange = now;
    else if (now - lastChange >= idleMs) return;
    if (!changed && listing.metadataKey !== null && (await runHasEnded(listing, context, signal))) return;
    await pause(Math.min(pollMs, Math.max(1, idleMs - (now - lastChange))), signal);
  }
}

async function runHasEnded(listing: RunListing, context: QuestionContext, signal?: AbortSignal): Promise<boolean> {
  const metadata = await readRunMetadata(context.storage, listing.run.folder, listing.run.location, signal);
  return metadataSaysInProgress(metadata) === false;
}

/** One file's records by outcome, and the messages of its rejected records (no message as "(no message)"). */
async function countBatch(context: QuestionContext, file: RunFile, signal?: AbortSignal) {
  const byOutcome = zeroOutcomes();
  let records = 0;
  for await (const { result } of context.scanner.scan<AggregateResult>(
    [file],
    () => ({ columns: [RECORD_COLUMNS.status], kernel: { kind: 'aggregate', predicate: {}, groupings: [[RECORD_COLUMNS.status]] } }),
    { signal },
  )) {
    const byStatus = result.groups[0]!;
    records += result.matched;
    for (let group = 0; group < groupCount(byStatus); group++) byOutcome[outcomeOf(groupKey(byStatus, group))] += byStatus.counts[group]!;
  }
  const messages = new Set<string>();
  if (byOutcome.rejected > 0) {
    const predicate = compileQuery({ outcome: 'rejected' });
    for await (const { result } of context.scanner.scan<AggregateResult>(
      [file],
      () => ({ columns: [RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage], kernel: { kind: 'aggregate', predicate, groupings: [[RECORD_COLUMNS.statusMessage]] } }),
      { signal },
    )) {
      const byMessage = result.groups[0]!;
      for (let group = 0; group < groupCount(byMessage); group++) messages.add(groupKey(byMessage, group) ?? '(no message)');
    }
  }
  return { records, byOutcome, messages };
}
