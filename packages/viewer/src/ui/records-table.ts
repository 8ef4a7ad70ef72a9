// The records table of View Records: identifier, status chip, error reason, operation and a payload
// preview; a row opens into its pretty-printed payload and where it came from in the run.
import type { RecordJson } from '../api/api-types.js';
import { h, replaceChildren } from './dom.js';
import { count, utcTime } from './format.js';
import { jsonPreview, jsonText, jsonView } from './json-view.js';
import { statusChip } from './status-chip.js';

const COLUMNS = 4;

function detailRow(record: RecordJson): HTMLTableRowElement {
  const copy = h('button', { type: 'button', class: 'button button-small' }, 'Copy JSON');
  copy.addEventListener('click', () => {
    void navigator.clipboard?.writeText(jsonText(record.payload, record.payloadRaw === true)).then(
      () => replaceChildren(copy, 'Copied'),
      () => replaceChildren(copy, 'Copy failed'),
    );
  });
  const fact = (label: string, value: string) => [h('dt', null, label), h('dd', null, value)];
  return h(
    'tr',
    { class: 'detail-row' },
    h(
      'td',
      { colspan: String(COLUMNS) },
      h(
        'div',
        { class: 'detail' },
        h('div', { class: 'detail-payload' }, h('div', { class: 'detail-head' }, h('span', { class: 'detail-title' }, 'record_payload'), copy), jsonView(record.payload, 'json', record.payloadRaw === true)),
        h(
          'dl',
          { class: 'facts detail-facts' },
          fact('Status', record.status ?? 'NULL (SQL null)'),
          fact('Operation', record.operation ?? '—'),
          fact('Batch started', utcTime(record.batchStartedAt)),
          fact('Batch ended', utcTime(record.batchEndedAt)),
          fact('File', record.file),
          fact('Row', count(record.rowIndex)),
        ),
      ),
    ),
  );
}

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
      detail = detailRow(record);
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
