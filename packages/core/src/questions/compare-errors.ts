// The error groups of two runs side by side: every message (or template) of a rejected record in
// either run, with its count in each, the change, and whether it is new in the head; largest
// absolute change first.
import { messageTemplate } from '../model/message-template.js';
import type { ErrorGroup } from './errors.js';

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

/** Messages in UTF-16 code unit order, null last. */
function compareMessages(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * The groups of both runs (each from `errors` by exact message) merged, by template when asked.
 * Ordered by absolute change, then by head count, then by message.
 */
export function compareErrorGroups(base: readonly ErrorGroup[], head: readonly ErrorGroup[], templates: boolean): ErrorGroupChange[] {
  const groups = new Map<string | null, ErrorGroupChange & { variants?: Set<string | null> }>();
  const add = (groupList: readonly ErrorGroup[], side: 'base' | 'head') => {
    for (const group of groupList) {
      const message = group.statusMessage;
      const key = templates && message !== null ? messageTemplate(message) : message;
      let entry = groups.get(key);
      if (entry === undefined) {
        entry = { statusMessage: key, base: 0, head: 0, change: 0, new: false };
        if (templates) entry.variants = new Set();
        groups.set(key, entry);
      }
      entry[side] += group.count;
      entry.variants?.add(message);
    }
  };
  add(base, 'base');
  add(head, 'head');
  const changes: ErrorGroupChange[] = [];
  for (const { variants, ...entry } of groups.values()) {
    entry.change = entry.head - entry.base;
    entry.new = entry.base === 0 && entry.head > 0;
    changes.push(variants === undefined ? entry : { ...entry, messages: variants.size });
  }
  return changes.sort(
    (a, b) => Math.abs(b.change) - Math.abs(a.change) || b.head - a.head || compareMessages(a.statusMessage, b.statusMessage),
  );
}
