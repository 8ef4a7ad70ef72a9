// Coloured chips for outcomes and raw statuses, and the count badges on tabs and in the history.
import type { RecordOutcome } from '@synctrack/core';
import { h } from './dom.js';
import { OUTCOME_LABELS, count } from './format.js';

const CANONICAL_STATUS: Record<RecordOutcome, string> = { success: 'succeeded', rejected: 'rejected', invalid: '' };

/** The outcome as Census names it; the raw status beside it when it says more (NULL, DUPLICATE). */
export function statusChip(outcome: RecordOutcome, status: string | null): HTMLElement {
  const raw = status ?? 'NULL';
  const showRaw = raw !== CANONICAL_STATUS[outcome];
  return h(
    'span',
    { class: `chip chip-${outcome}`, title: status === null ? 'status is SQL NULL' : `status: ${status}` },
    h('span', { class: 'chip-dot', 'aria-hidden': 'true' }),
    OUTCOME_LABELS[outcome],
    showRaw ? h('span', { class: 'chip-raw' }, raw) : null,
  );
}

export function outcomeCount(outcome: RecordOutcome, value: number | null): HTMLElement {
  if (value === null) return h('span', { class: 'count count-pending' }, '…');
  return h('span', { class: `count count-${outcome}${value === 0 ? ' count-zero' : ''}` }, count(value));
}
