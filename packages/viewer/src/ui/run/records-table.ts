// The records table of View Records: identifier, status chip, error reason and a payload preview;
// a click on a row opens its detail below it (record-detail.ts), a second click closes it.
import type { RecordJson } from '../../api/api-types.js';
import { h, replaceChildren } from '../dom.js';
import { jsonPreview } from '../json-view.js';
import { statusChip } from '../status-chip.js';
import { detailRow } from './record-detail.js';

const COLUMNS = 4;

function recordRow(record: RecordJson): HTMLTableRowElement {
  let detail: HTMLTableRowElement | null = null;
  const toggle = h('button', { type: 'button', class: 'expand', 'aria-expanded': 'false', title: 'Show the payload' }, '▸');
  const row = h(
    'tr',
    { class: 'record-row', testid: 'record-row' },
    h('td', null, h('div', { class: 'identifier' }, toggle, record.identifier === null ? h('span', { class: 'mono muted', title: 'The identifier is SQL NULL' }, 'null') : h('span', { class: 'mono' }, record.identifier))),
    h('td', null, statusChip(record.outcome, record.status)),
    h('td', { class: 'message' }, record.statusMessage ?? h('span', { class: 'muted' }, '—')),
    h('td', { class: 'payload' }, h('code', { class: 'payload-preview' }, jsonPreview(record.payload))),
  );
  const flip = () => {
    // Selecting text in a row should not open or close it.
    if (window.getSelection()?.toString()) return;
    if (detail === null) {
      detail = detailRow(record, COLUMNS);
      row.after(detail);
    } else {
      detail.remove();
      detail = null;
    }
    row.classList.toggle('open', detail !== null);
    toggle.setAttribute('aria-expanded', String(detail !== null));
    replaceChildren(toggle, detail === null ? '▸' : '▾');
  };
  row.addEventListener('click', flip);
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

export function showRecords(body: HTMLTableSectionElement, records: RecordJson[]): void {
  replaceChildren(body, records.map(recordRow));
}

export function showTableMessage(body: HTMLTableSectionElement, title: string, detail = '', kind: 'empty' | 'loading' | 'error' = 'empty'): void {
  replaceChildren(
    body,
    h('tr', { class: 'message-row' }, h('td', { colspan: String(COLUMNS) }, h('div', { class: `empty empty-${kind}` }, h('p', { class: 'empty-title' }, title), detail ? h('p', { class: 'empty-detail' }, detail) : null))),
  );
}
