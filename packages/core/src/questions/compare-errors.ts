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
import { hashString, KeyTable } from '../scan/key-table.js';
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
 * pass over the distinct messages, whatever they hold (no test of the text can tell which decode
 * alike), in a table of indexes: a Map of the 267k messages of two 10M-record runs raised
 * compareRuns' peak by ~25 MiB. New arrays only when two do read alike.
 */
function distinctMessages(counts: MessageCounts): { messages: Array<string | null>; base: number[]; head: number[] } {
  const messages = counts.messages();
  const same = sameTexts(messages);
  if (same === null) return { messages, base: counts.base, head: counts.head };
  const merged = { messages: [] as Array<string | null>, base: [] as number[], head: [] as number[] };
  const place = new Int32Array(messages.length);
  messages.forEach((message, at) => {
    const first = same[at]!;
    let to: number;
    if (first === at) {
      to = merged.messages.length;
      merged.messages.push(message);
      merged.base.push(0);
      merged.head.push(0);
    } else {
      to = place[first]!;
    }
    place[at] = to;
    merged.base[to]! += counts.base[at]!;
    merged.head[to]! += counts.head[at]!;
  });
  return merged;
}

/**
 * For each message, the index of the first message of the same text (its own when none before
 * it); null when every text is distinct. An open-addressing table of indexes over the text's
 * `hashString`: 8 bytes a message. (A KeyTable, which keeps its keys and hashes as well, peaked
 * ~10 MiB higher on two 10M-record runs: 472-483 MiB against 463-476.)
 */
function sameTexts(messages: ReadonlyArray<string | null>): Int32Array | null {
  let size = 16;
  while (size < messages.length * 2) size *= 2;
  const slots = new Int32Array(size);
  const mask = size - 1;
  let same: Int32Array | null = null;
  for (let at = 0; at < messages.length; at++) {
    const message = messages[at]!;
    const hash = message === null ? 0 : hashString(message);
    let slot = (hash ^ (hash >>> 15)) & mask;
    for (;;) {
      const held = slots[slot]! - 1;
      if (held < 0) {
        slots[slot] = at + 1;
        break;
      }
      if (messages[held] === message) {
        same ??= Int32Array.from(messages, (_, index) => index);
        same[at] = held;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return same;
}
