// Coloured chips for outcomes and raw statuses, the count badges on tabs and in the history, and
// the mark of a run still being written.
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

/** A run still being written (core's rule: the newest run of its sync, its last file landed in the last 30 minutes). */
export function inProgressBadge(): HTMLElement {
  return h(
    'span',
    { class: 'live-badge', testid: 'run-in-progress', title: 'Still being written: its newest file landed in the last 30 minutes, and no newer run has started. Counts grow as batches land; press Refresh.' },
    h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
    'In progress',
  );
}
