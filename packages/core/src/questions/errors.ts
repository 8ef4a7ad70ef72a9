// errors: a run's rejected records grouped by message (or by message template), each group with
// its count and a few example identifiers, largest group first.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { messageTemplate } from '../model/message-template.js';
import type { AggregateResult } from '../scan/decode-protocol.js';
import { groupCount, groupKey } from '../scan/group-list.js';
import { ProgressTracker } from '../scan/scan-progress.js';
import { listRunFiles, positiveInteger, type QuestionContext, type ScanOptions } from './question-context.js';
import { compileQuery } from './record-query.js';

export interface ErrorsOptions extends ScanOptions {
  /** Group messages that differ only in ids, numbers, emails or quoted values. */
  templates?: boolean;
  /** Example identifiers per group (default 5). */
  examples?: number;
}

export interface ErrorGroup {
  /** The message, or with `templates` the masked template. */
  statusMessage: string | null;
  count: number;
  /** Up to `examples` identifiers: those of the group's first records, in the run's file and row order. */
  examples: Array<string | null>;
  /** With `templates`: how many distinct messages the template covers. */
  messages?: number;
}

/** Messages in UTF-16 code unit order, null last. */
export function compareMessages(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** Rejected records grouped by message, largest group first; ties by message (UTF-16 code units), no message last. */
export async function errors(context: QuestionContext, run: RunRef, options: ErrorsOptions): Promise<ErrorGroup[]> {
  const examples = options.examples === undefined ? 5 : positiveInteger(options.examples, 'examples', true);
  const listing = await listRunFiles(context, run, options.signal);
  const progress = new ProgressTracker(listing.files, options.onProgress);
  const predicate = compileQuery({ outcome: 'rejected' });
  // With templates, the distinct messages each template covers are counted too.
  const groups = new Map<string | null, ErrorGroup & { variants?: Set<string | null> }>();
  for await (const { result } of context.scanner.scan<AggregateResult>(
    listing.files,
    () => ({
      columns: [RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage, RECORD_COLUMNS.identifier],
      kernel: {
        kind: 'aggregate',
        predicate,
        groupings: [[RECORD_COLUMNS.statusMessage]],
        // With templates, where each example lies: a template's examples are put back in row order.
        examples: { grouping: 0, column: RECORD_COLUMNS.identifier, perGroup: examples, ranks: options.templates === true },
      },
    }),
    { signal: options.signal, progress },
  )) {
    const byMessage = result.groups[0]!;
    // With templates, a row group's examples of one template come from several messages: they are
    // put back in row order (`exampleRanks`) before the first ones are kept.
    const candidates = options.templates ? new Map<ErrorGroup, Array<[number, string | null]>>() : null;
    for (let group = 0; group < groupCount(byMessage); group++) {
      const message = groupKey(byMessage, group);
      const key = options.templates && message !== null ? messageTemplate(message) : message;
      const from = group === 0 ? 0 : byMessage.exampleEnds[group - 1]!;
      const end = byMessage.exampleEnds[group]!;
      let entry = groups.get(key);
      // Example arrays are made at their size (slice, concat): a push onto an empty array
      // reserves 17 slots, and a 10M run holds 267k groups.
      if (entry === undefined) {
        entry = { statusMessage: key, count: 0, examples: candidates === null ? byMessage.examples.slice(from, Math.min(end, from + examples)) : [] };
        if (options.templates) entry.variants = new Set();
        groups.set(key, entry);
      } else if (candidates === null && entry.examples.length < examples && from < end) {
        entry.examples = entry.examples.concat(byMessage.examples.slice(from, Math.min(end, from + examples - entry.examples.length)));
      }
      if (candidates !== null && from < end && entry.examples.length < examples) {
        let kept = candidates.get(entry);
        if (kept === undefined) candidates.set(entry, (kept = []));
        for (let at = from; at < end; at++) kept.push([byMessage.exampleRanks![at]!, byMessage.examples[at]!]);
      }
      entry.count += byMessage.counts[group]!;
      entry.variants?.add(message);
    }
    for (const [entry, kept] of candidates ?? []) {
      kept.sort((a, b) => a[0] - b[0]);
      entry.examples = entry.examples.concat(kept.slice(0, examples - entry.examples.length).map(([, example]) => example));
    }
  }
  progress.finish();
  // Ties in UTF-16 code unit order: a locale-aware comparison made sorting 54k groups cost
  // ~200 ms, more than reading them. By count first, then each count's groups by message: the
  // workers send a row group's groups in message order (scan/aggregate-entries.ts), so those are a
  // few sorted runs the sort merges.
  const byCount = new Map<number, Array<ErrorGroup & { variants?: Set<string | null> }>>();
  for (const entry of groups.values()) {
    const same = byCount.get(entry.count);
    if (same === undefined) byCount.set(entry.count, [entry]);
    else same.push(entry);
  }
  const sorted: Array<ErrorGroup & { variants?: Set<string | null> }> = [];
  for (const count of [...byCount.keys()].sort((a, b) => b - a)) {
    const same = byCount.get(count)!;
    if (same.length > 1) same.sort((a, b) => compareMessages(a.statusMessage, b.statusMessage));
    for (const entry of same) sorted.push(entry);
  }
  if (!options.templates) return sorted;
  return sorted.map(({ statusMessage, count, examples: kept, variants }) => ({ statusMessage, count, examples: kept, messages: variants!.size }));
}
