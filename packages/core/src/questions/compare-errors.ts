// The error groups of two runs side by side: every message (or template) of a rejected record in
// either run, with its count in each, the change, and whether it is new in the head; largest
// absolute change first. Both runs' messages are counted by the aggregate kernel (as `errors`
// counts them, without examples) into one table: a run of 10M records holds ~270k distinct
// messages, and two `errors` answers (objects, examples, each sorted) cost twice the memory.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { messageTemplate } from '../model/message-template.js';
import type { RunListing } from '../runs/run-files.js';
import type { AggregateResult } from '../scan/decode-protocol.js';
import { groupCount, groupKey } from '../scan/group-list.js';
import type { QuestionContext } from './question-context.js';
import { compareMessages } from './errors.js';
import { compileQuery } from './record-query.js';

export interface ErrorGroupChange {
  /** The message, or with `templates` the template; null for rejections without a message. */
  statusMessage: string | null;
  /** Rejected records with it in the base run. */
  base: number;
  /** … and in the head run. */
  head: number;
  /** `head - base`. */
  change: number;
  /** In the head and not in the base. */
  new: boolean;
  /** With `templates`: distinct messages the template covers, over both runs. */
  messages?: number;
}

/** Counts of rejected records by exact message, for both runs, in one table. */
export class MessageCounts {
  private readonly index = new Map<string | null, number>();
  readonly messages: Array<string | null> = [];
  base: number[] = [];
  head: number[] = [];

  add(message: string | null, side: 'base' | 'head', count: number): void {
    let at = this.index.get(message);
    if (at === undefined) {
      at = this.messages.length;
      this.index.set(message, at);
      this.messages.push(message);
      this.base.push(0);
      this.head.push(0);
    }
    this[side][at]! += count;
  }
}

/** Counts one run's rejected records by message into `counts`. */
export async function countMessages(context: QuestionContext, listing: RunListing, side: 'base' | 'head', counts: MessageCounts, signal?: AbortSignal): Promise<void> {
  const predicate = compileQuery({ outcome: 'rejected' });
  for await (const { result } of context.scanner.scan<AggregateResult>(
    listing.files,
    () => ({
      columns: [RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage],
      kernel: { kind: 'aggregate', predicate, groupings: [[RECORD_COLUMNS.statusMessage]] },
    }),
    { signal },
  )) {
    const byMessage = result.groups[0]!;
    for (let group = 0; group < groupCount(byMessage); group++) counts.add(groupKey(byMessage, group), side, byMessage.counts[group]!);
  }
}

/**
 * The groups of both runs, by template when asked. Ordered by absolute change, then by head
 * count, then by message.
 */
export function compareErrorGroups(counts: MessageCounts, templates: boolean): ErrorGroupChange[] {
  let changes: ErrorGroupChange[];
  if (!templates) {
    changes = counts.messages.map((statusMessage, at) => {
      const base = counts.base[at]!;
      const head = counts.head[at]!;
      return { statusMessage, base, head, change: head - base, new: base === 0 && head > 0 };
    });
  } else {
    const byTemplate = new Map<string | null, ErrorGroupChange & { messages: number }>();
    counts.messages.forEach((message, at) => {
      const key = message === null ? null : messageTemplate(message);
      let entry = byTemplate.get(key);
      if (entry === undefined) {
        entry = { statusMessage: key, base: 0, head: 0, change: 0, new: false, messages: 0 };
        byTemplate.set(key, entry);
      }
      entry.base += counts.base[at]!;
      entry.head += counts.head[at]!;
      entry.messages++;
    });
    changes = [...byTemplate.values()];
    for (const entry of changes) {
      entry.change = entry.head - entry.base;
      entry.new = entry.base === 0 && entry.head > 0;
    }
  }
  return changes.sort(
    (a, b) => Math.abs(b.change) - Math.abs(a.change) || b.head - a.head || compareMessages(a.statusMessage, b.statusMessage),
  );
}
