// A record opened in the table: its payload pretty-printed and coloured (or the text stored, when it
// is not JSON) with a Copy button, beside its status, operation, batch times, file and row.
import type { RecordJson } from '../../api/api-types.js';
import { h, replaceChildren } from '../dom.js';
import { count, utcTime } from '../format.js';
import { jsonText, jsonView } from '../json-view.js';

/** A table row spanning the table's `columns`. */
export function detailRow(record: RecordJson, columns: number): HTMLTableRowElement {
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
      { colspan: String(columns) },
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

/** A click on `row` opens the record's detail below it, a second click closes it; selecting text does neither. */
export function toggleDetailOnClick(row: HTMLTableRowElement, record: RecordJson, columns: number, onChange?: (open: boolean) => void): void {
  let detail: HTMLTableRowElement | null = null;
  row.addEventListener('click', () => {
    if (window.getSelection()?.toString()) return;
    if (detail === null) {
      detail = detailRow(record, columns);
      row.after(detail);
    } else {
      detail.remove();
      detail = null;
    }
    row.classList.toggle('open', detail !== null);
    onChange?.(detail !== null);
  });
}
