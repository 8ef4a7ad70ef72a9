// The records table of View Records: identifier (with a link to the record's story across runs),
// status chip, error reason and a payload preview; a click on a row opens its detail below it
// (record-detail.ts), a second click closes it.
import type { RecordJson } from '../../api/api-types.js';
import { h, replaceChildren } from '../dom.js';
import { jsonPreview } from '../json-view.js';
import { statusChip } from '../status-chip.js';
import { toggleDetailOnClick } from './record-detail.js';
import { NULL_IDENTIFIER } from '../format.js';

const COLUMNS = 4;

/** Where a record's story is, for an identifier (null: no link). */
export type StoryLink = (identifier: string) => string | null;

function recordRow(record: RecordJson, story: StoryLink): HTMLTableRowElement {
  const storyHref = record.identifier === null ? null : story(record.identifier);
  const toggle = h('button', { type: 'button', class: 'expand', 'aria-expanded': 'false', title: 'Show the payload' }, '▸');
  const row = h(
    'tr',
    { class: 'record-row', testid: 'record-row' },
    h(
      'td',
      null,
      h(
        'div',
        { class: 'identifier' },
        toggle,
        record.identifier === null ? h('span', { class: 'mono muted', title: 'The identifier is SQL NULL' }, NULL_IDENTIFIER) : h('span', { class: 'mono' }, record.identifier),
        storyHref === null
          ? null
          : h('a', { href: storyHref, class: 'story-link', testid: 'record-story-link', title: 'This record in every run of the sync', onclick: (event) => event.stopPropagation() }, 'History'),
      ),
    ),
    h('td', null, statusChip(record.outcome, record.status)),
    h('td', { class: 'message' }, record.statusMessage ?? h('span', { class: 'muted' }, '—')),
    h('td', { class: 'payload' }, h('code', { class: 'payload-preview' }, jsonPreview(record.payload))),
  );
  toggleDetailOnClick(row, record, COLUMNS, (open) => {
    toggle.setAttribute('aria-expanded', String(open));
    replaceChildren(toggle, open ? '▾' : '▸');
  });
  return row;
}

export function recordsTable(): { element: HTMLElement; body: HTMLTableSectionElement } {
  const body = h('tbody');
  const element = h(
    'table',
    { class: 'table records-table' },
    h(
      'thead',
      null,
      h('tr', null, h('th', { class: 'col-identifier' }, 'Identifier'), h('th', { class: 'col-status' }, 'Status'), h('th', { class: 'col-message' }, 'Error reason'), h('th', null, 'Payload')),
    ),
    body,
  );
  return { element, body };
}

export function showRecords(body: HTMLTableSectionElement, records: RecordJson[], story: StoryLink = () => null): void {
  replaceChildren(body, records.map((record) => recordRow(record, story)));
}

export function showTableMessage(body: HTMLTableSectionElement, title: string, detail = '', kind: 'empty' | 'loading' | 'error' = 'empty'): void {
  replaceChildren(
    body,
    h('tr', { class: 'message-row' }, h('td', { colspan: String(COLUMNS) }, h('div', { class: `empty empty-${kind}` }, h('p', { class: 'empty-title' }, title), detail ? h('p', { class: 'empty-detail' }, detail) : null))),
  );
}
