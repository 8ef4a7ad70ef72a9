// The error groups of two runs side by side: every message (or template) of a rejected record in
// either run, with its count in each, the change, and whether it is new in the head; largest
// absolute change first. Both runs' messages are counted by the aggregate kernel (as `errors`
// counts them, without examples) into one table: a run of 10M records holds ~270k distinct
// messages, and two `errors` answers (objects, examples, each sorted) cost twice the memory.
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { messageTemplate } from '../model/message-template.js';
import type { RunListing } from '../runs/run-files.js';
import type { AggregateResult } from '../scan/decode-protocol.js';
import type { GroupList } from '../scan/group-list.js';
import { compareTexts, KeyTable } from '../scan/key-table.js';
import type { QuestionContext } from './question-context.js';
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
  /** The messages, looked up by the bytes the workers sent (scan/key-table.ts), until `finish`. */
  private table: KeyTable | null = new KeyTable();
  private texts: Array<string | null> | null = null;
  base: number[] = [];
  head: number[] = [];

  /** Adds a row group's groups to `side`. */
  add(list: GroupList, side: 'base' | 'head'): void {
    if (this.table === null) throw new Error('MessageCounts.add after finish');
    const messageOf = this.table.add(list);
    const counts = this[side];
    for (let group = 0; group < messageOf.length; group++) {
      const at = messageOf[group]!;
      if (at === this.base.length) {
        this.base.push(0);
        this.head.push(0);
      }
      counts[at]! += list.counts[group]!;
    }
  }

  /**
   * Both runs counted: the messages' texts are kept and the table's bytes let go, before the
   * identifiers are compared (two 10M-record runs' 267k messages: ~30 MB of table).
   */
  finish(): void {
    if (this.table === null) return;
    this.texts = this.table.texts();
    this.table = null;
  }

  /** The messages: message i's counts are `base[i]` and `head[i]`. */
  messages(): Array<string | null> {
    this.finish();
    return this.texts!;
  }
}

/** Counts one run's rejected records by message into `counts`. */
export async function countMessages(context: QuestionContext, listing: RunListing, side: 'base' | 'head', counts: MessageCounts, signal?: AbortSignal): Promise<void> {
  const predicate = compileQuery({ outcome: 'rejected' });
  for await (const { result } of context.scanner.scan<AggregateResult>(
    listing.files,
    () => ({
      columns: [RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage],
      kernel: { kind: 'aggregate', predicate, groupings: [[RECORD_COLUMNS.statusMessage]], bytes: true },
    }),
    { signal },
  )) {
    counts.add(result.groups[0]!, side);
  }
}

/**
 * The groups of both runs, by template when asked. Ordered by absolute change, then by head
 * count, then by message.
 */
export function compareErrorGroups(counts: MessageCounts, templates: boolean): ErrorGroupChange[] {
  const messages = counts.messages();
  const { base: baseCounts, head: headCounts } = counts;
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
    (a, b) => Math.abs(b.change) - Math.abs(a.change) || b.head - a.head || compareTexts(a.statusMessage, b.statusMessage),
  );
}
