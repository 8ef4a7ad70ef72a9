// The error groups of two runs side by side: every message (or template) of a rejected record in
// either run, with its count in each, the change, and whether it is new in the head; largest
// absolute change first. Both runs' messages are counted by the aggregate kernel (as `errors`
// counts them, without examples) into one table: a run of 10M records holds ~270k distinct
// messages, and two `errors` answers (objects, examples, each sorted) cost twice the memory.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { messageTemplate } from '../model/message-template.js';
import type { RunListing } from '../runs/run-files.js';
import type { AggregateResult } from '../scan/decode-protocol.js';
import { groupCount, type GroupList } from '../scan/group-list.js';
import { KeyTable } from '../scan/key-table.js';
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
  /** The messages, merged by the hashes the workers sent with them (scan/key-table.ts). */
  private readonly table = new KeyTable();
  base: number[] = [];
  head: number[] = [];

  /** Adds group `group` of `list` to `side`. */
  add(list: GroupList, group: number, side: 'base' | 'head', count: number): void {
    const at = this.table.indexOf(list, group);
    if (at === this.base.length) {
      this.base.push(0);
      this.head.push(0);
    }
    this[side][at]! += count;
  }

  /** The messages: message i's counts are `base[i]` and `head[i]`. */
  messages(): Array<string | null> {
    return this.base.map((_, at) => this.table.key(at));
  }
}

/** Counts one run's rejected records by message into `counts`. */
export async function countMessages(context: QuestionContext, listing: RunListing, side: 'base' | 'head', counts: MessageCounts, signal?: AbortSignal): Promise<void> {
  const predicate = compileQuery({ outcome: 'rejected' });
  for await (const { result } of context.scanner.scan<AggregateResult>(
    listing.files,
    () => ({
      columns: [RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage],
      kernel: { kind: 'aggregate', predicate, groupings: [[RECORD_COLUMNS.statusMessage]], keyHashes: true },
    }),
    { signal },
  )) {
    const byMessage = result.groups[0]!;
    for (let group = 0; group < groupCount(byMessage); group++) counts.add(byMessage, group, side, byMessage.counts[group]!);
  }
}

/**
 * The groups of both runs, by template when asked. Ordered by absolute change, then by head
 * count, then by message.
 */
export function compareErrorGroups(counts: MessageCounts, templates: boolean): ErrorGroupChange[] {
  const { messages, base: baseCounts, head: headCounts } = distinctMessages(counts);
  let changes: ErrorGroupChange[];
  if (!templates) {
    changes = messages.map((statusMessage, at) => {
      const base = baseCounts[at]!;
      const head = headCounts[at]!;
      return { statusMessage, base, head, change: head - base, new: base === 0 && head > 0 };
    });
  } else {
    const byTemplate = new Map<string | null, ErrorGroupChange & { messages: number }>();
    messages.forEach((message, at) => {
      const key = message === null ? null : messageTemplate(message);
      let entry = byTemplate.get(key);
      if (entry === undefined) {
        entry = { statusMessage: key, base: 0, head: 0, change: 0, new: false, messages: 0 };
        byTemplate.set(key, entry);
      }
      entry.base += baseCounts[at]!;
      entry.head += headCounts[at]!;
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

/**
 * The messages and their counts, those that read as one string made one: a message whose bytes
 * differ from another's but decode to the same text (invalid UTF-8 reads as U+FFFD, a leading
 * byte-order mark is dropped) came with a hash of its own, and its text is all a reader sees. One
 * pass over the distinct messages, whatever they hold: no test of the text can tell which decode
 * alike.
 */
function distinctMessages(counts: MessageCounts): { messages: Array<string | null>; base: number[]; head: number[] } {
  const messages = counts.messages();
  const merged = { messages: [] as Array<string | null>, base: [] as number[], head: [] as number[] };
  const index = new Map<string | null, number>();
  messages.forEach((message, at) => {
    let to = index.get(message);
    if (to === undefined) {
      to = merged.messages.length;
      index.set(message, to);
      merged.messages.push(message);
      merged.base.push(0);
      merged.head.push(0);
    }
    merged.base[to]! += counts.base[at]!;
    merged.head[to]! += counts.head[at]!;
  });
  return merged;
}
