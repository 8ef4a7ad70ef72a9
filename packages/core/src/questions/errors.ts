// errors: a run's rejected records grouped by message (or by message template), each group with
// its count and a few example identifiers, largest group first.
import { InternalError } from '../errors/internal-error.js';
import { REPORT_HINT } from '../errors/report-hint.js';
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import type { RunRef } from '../layout/sync-tracking-layout.js';
import { messageTemplate } from '../model/message-template.js';
import { fastPathOn } from '../parquet/fast-paths.js';
import type { RunFile } from '../runs/run-files.js';
import type { AggregateKernel, AggregateResult } from '../scan/decode-protocol.js';
import { ExampleTexts, type GroupList } from '../scan/group-list.js';
import { HeldKeys } from '../scan/held-keys.js';
import { compareTexts, KeyTable } from '../scan/key-table.js';
import type { PlanRowGroup } from '../scan/row-group-scanner.js';
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

/** Rejected records grouped by message, largest group first; ties by message (UTF-16 code units), no message last. */
export async function errors(context: QuestionContext, run: RunRef, options: ErrorsOptions): Promise<ErrorGroup[]> {
  const examples = options.examples === undefined ? 5 : positiveInteger(options.examples, 'examples', true);
  const listing = await listRunFiles(context, run, options.signal);
  const progress = new ProgressTracker(listing.files, options.onProgress);
  const predicate = compileQuery({ outcome: 'rejected' });
  const templates = options.templates === true ? new TemplateGroups(examples) : null;
  // Messages whose examples are all in hand: later row groups send none for them (scan/held-keys.ts).
  const held = templates === null && examples > 0 && HeldKeys.available() && fastPathOn('held-examples') ? new HeldKeys() : null;
  const messages = new KeyTable();
  const groups = new MessageGroups(examples, held);
  const plan = (withHeld: boolean): PlanRowGroup => () => ({
    columns: [RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage, RECORD_COLUMNS.identifier],
    kernel: {
      kind: 'aggregate',
      predicate,
      groupings: [[RECORD_COLUMNS.statusMessage]],
      // With templates, where each example lies: a template's examples are put back in row order.
      examples: { grouping: 0, column: RECORD_COLUMNS.identifier, perGroup: examples, ranks: templates !== null, held: withHeld ? held?.buffer : undefined },
      bytes: true,
    } satisfies AggregateKernel,
  });
  for await (const { result, fileIndex, rowGroup } of context.scanner.scan<AggregateResult>(listing.files, plan(true), { signal: options.signal, progress })) {
    const byMessage = result.groups[0]!;
    const messageOf = messages.add(byMessage);
    const example = new ExampleTexts(byMessage);
    if (templates !== null) {
      templates.add(byMessage, messageOf, messages, example);
      continue;
    }
    const short = held === null ? null : groups.short(byMessage, messageOf);
    groups.add(byMessage, messageOf, example);
    if (short !== null) {
      // A message's hash matched a held one's: its examples come from this row group read again.
      const again = await aggregateRowGroup(context, listing.files[fileIndex]!, rowGroup, plan(false), options.signal);
      groups.addExamples(again, messages.add(again), short);
    }
  }
  progress.finish();
  if (templates !== null) return templates.sorted();
  const texts = messages.texts();
  return Array.from(messages.order(groups.counts), (message) => ({
    statusMessage: texts[message]!,
    count: groups.counts[message]!,
    examples: groups.kept[message]!,
  }));
}

/**
 * The count and first examples of each message (numbered by the key table), merged a row group at a
 * time in the run's order. A class of its own, not a loop in `errors`: V8 compiles a long loop
 * together with the function running it, and `errors` (an async function around the scan) was
 * compiled five times in a fresh process, each a stop at code its loop had not reached before.
 */
class MessageGroups {
  /** Message m's count. */
  readonly counts: number[] = [];
  /**
   * Message m's examples, filled in row order. Arrays are made at their size (`firstTexts`) and
   * topped up: a push onto an empty array reserves 17 slots, and a 10M run holds 267k messages.
   */
  readonly kept: Array<Array<string | null>> = [];
  /** Whether kept[m] is full, without reaching for the array (scattered over the heap). */
  private readonly full: number[] = [];

  /** With held keys: a message whose examples are complete goes there, by its key's hash. */
  constructor(
    private readonly examples: number,
    private readonly held: HeldKeys | null,
  ) {}

  add(byMessage: GroupList, messageOf: Int32Array, example: ExampleTexts): void {
    const { counts, kept, full, examples } = this;
    for (let group = 0; group < messageOf.length; group++) {
      const message = messageOf[group]!;
      const from = group === 0 ? 0 : byMessage.exampleEnds[group - 1]!;
      const end = byMessage.exampleEnds[group]!;
      if (message === counts.length) {
        counts.push(byMessage.counts[group]!);
        kept.push(firstTexts(example, from, Math.min(end - from, examples)));
        full.push(0);
        if (end - from >= examples) this.filled(byMessage, group, message);
        continue;
      }
      counts[message]! += byMessage.counts[group]!;
      if (full[message] === 1 || from === end) continue;
      this.topUp(byMessage, group, message, example);
    }
  }

  /**
   * The messages whose examples in `byMessage` came short of its first `examples` rows of theirs
   * while they are not complete (a worker skipped them for a hash they share with a held message),
   * before `add`; null when none did.
   */
  short(byMessage: GroupList, messageOf: Int32Array): Set<number> | null {
    let short: Set<number> | null = null;
    for (let group = 0; group < messageOf.length; group++) {
      const message = messageOf[group]!;
      const sent = byMessage.exampleEnds[group]! - (group === 0 ? 0 : byMessage.exampleEnds[group - 1]!);
      if (sent < Math.min(byMessage.counts[group]!, this.examples) && this.full[message] !== 1) (short ??= new Set()).add(message);
    }
    return short;
  }

  /** The examples of messages `only` from `byMessage` (their row group read again), after `add` took its counts. */
  addExamples(byMessage: GroupList, messageOf: Int32Array, only: ReadonlySet<number>): void {
    const example = new ExampleTexts(byMessage);
    for (let group = 0; group < messageOf.length; group++) {
      const message = messageOf[group]!;
      if (only.has(message) && this.full[message] !== 1) this.topUp(byMessage, group, message, example);
    }
  }

  /** Message `message`'s examples topped up from group `group`'s, in row order, up to `examples`. */
  private topUp(byMessage: GroupList, group: number, message: number, example: ExampleTexts): void {
    const some = this.kept[message]!;
    const end = byMessage.exampleEnds[group]!;
    for (let at = group === 0 ? 0 : byMessage.exampleEnds[group - 1]!; at < end && some.length < this.examples; at++) some.push(example.text(at));
    if (some.length === this.examples) this.filled(byMessage, group, message);
  }

  private filled(byMessage: GroupList, group: number, message: number): void {
    this.full[message] = 1;
    const keys = byMessage.keyBytes;
    if (this.held !== null && keys?.hashes !== undefined && keys.lengths[group]! >= 0) this.held.add(keys.hashes[group]!);
  }
}

/** Row group `rowGroup` of `file` as `plan` asks (it was read once already: it is there). */
async function aggregateRowGroup(context: QuestionContext, file: RunFile, rowGroup: number, plan: PlanRowGroup, signal?: AbortSignal): Promise<GroupList> {
  const scanned = await context.scanner.scanRowGroup<AggregateResult>(file, rowGroup, plan, signal);
  if (scanned === null) throw new InternalError({ message: `Row group ${rowGroup} of ${file.key} was not read again: ${REPORT_HINT}`, context: { file: file.key } });
  return scanned.result.groups[0]!;
}

/**
 * Examples `from` to `from + count` as an array of their number of elements, packed (no holes):
 * `new Array(count)` then filled made holey arrays, which JSON.stringify walked ~1.5× slower
 * (`errors --json` on 10M prints 267k of them), and a push onto an empty array reserves 17 slots.
 */
function firstTexts(example: ExampleTexts, from: number, count: number): Array<string | null> {
  switch (count) {
    case 0:
      return [];
    case 1:
      return [example.text(from)];
    case 2:
      return [example.text(from), example.text(from + 1)];
    case 3:
      return [example.text(from), example.text(from + 1), example.text(from + 2)];
    case 4:
      return [example.text(from), example.text(from + 1), example.text(from + 2), example.text(from + 3)];
    case 5:
      return [example.text(from), example.text(from + 1), example.text(from + 2), example.text(from + 3), example.text(from + 4)];
    default: {
      const texts: Array<string | null> = [];
      for (let at = from; at < from + count; at++) texts.push(example.text(at));
      return texts;
    }
  }
}

/**
 * Errors by template: each message's template, found once per distinct message, and a template's
 * first examples in row order (a row group's examples of one template come from several messages:
 * they are put back in row order, `exampleRanks`, before the first ones are kept).
 */
class TemplateGroups {
  private readonly byTemplate = new Map<string | null, ErrorGroup & { messages: number }>();
  /** Message index → its template's group. */
  private readonly groupOf: Array<ErrorGroup & { messages: number }> = [];

  constructor(private readonly examples: number) {}

  add(byMessage: GroupList, messageOf: Int32Array, messages: KeyTable, example: ExampleTexts): void {
    const candidates = new Map<ErrorGroup, Array<[number, string | null]>>();
    for (let group = 0; group < messageOf.length; group++) {
      const message = messageOf[group]!;
      if (message === this.groupOf.length) {
        const text = messages.text(message);
        const key = text === null ? null : messageTemplate(text);
        let entry = this.byTemplate.get(key);
        if (entry === undefined) this.byTemplate.set(key, (entry = { statusMessage: key, count: 0, examples: [], messages: 0 }));
        entry.messages++;
        this.groupOf.push(entry);
      }
      const entry = this.groupOf[message]!;
      entry.count += byMessage.counts[group]!;
      const from = group === 0 ? 0 : byMessage.exampleEnds[group - 1]!;
      const end = byMessage.exampleEnds[group]!;
      if (from < end && entry.examples.length < this.examples) {
        let rows = candidates.get(entry);
        if (rows === undefined) candidates.set(entry, (rows = []));
        for (let at = from; at < end; at++) rows.push([byMessage.exampleRanks![at]!, example.text(at)]);
      }
    }
    for (const [entry, rows] of candidates) {
      rows.sort((a, b) => a[0] - b[0]);
      entry.examples = entry.examples.concat(rows.slice(0, this.examples - entry.examples.length).map(([, example]) => example));
    }
  }

  /** Largest first, ties by template (UTF-16 code units), no message last. */
  sorted(): ErrorGroup[] {
    const groups = [...this.byTemplate.values()];
    groups.sort((a, b) => b.count - a.count || compareTexts(a.statusMessage, b.statusMessage));
    return groups.map(({ statusMessage, count, examples, messages }) => ({ statusMessage, count, examples, messages }));
  }
}
