// The Download menu: a random sample of the tab and its message or template filter, or every record
// matching the tab, search and message filter, each as CSV or JSON Lines. The links point at the server, which streams the
// records as attachments; the menu closes on a choice or a click anywhere else.
import { h, replaceChildren } from '../dom.js';
import { count } from '../format.js';
import type { RunApi } from './run-api.js';
import { SET_LABELS, TAB_LABELS, type RunState } from './run-state.js';

const SAMPLE_SIZE = 100;

export class DownloadMenu {
  readonly element = h('details', { class: 'menu' });

  constructor(
    private readonly state: RunState,
    private readonly api: RunApi,
  ) {
    document.addEventListener(
      'click',
      (event) => {
        if (!this.element.contains(event.target as Node)) this.element.removeAttribute('open');
      },
      { signal: api.signal },
    );
  }

  /** Again whenever the filters or the counts change: the headings name them. */
  render(): void {
    const { outcome, message, template, identifier } = this.state.query();
    const tab = this.state.filters.tab;
    const noun = tab === 'all' ? 'records' : `${TAB_LABELS[tab].toLowerCase()} records`;
    const filtered = message !== undefined || template !== undefined || identifier !== undefined;
    // The sample takes the tab's whole filter but the search: a sample of one identifier is no sample.
    const sampled = message !== undefined || template !== undefined;
    const tabCount = this.state.tabCount(tab);
    const exportTitle = filtered ? `${noun[0]!.toUpperCase()}${noun.slice(1)} matching the filter` : `All ${tabCount === null ? '' : `${count(tabCount)} `}${noun}`;
    const link = (endpoint: 'sample' | 'export', format: 'csv' | 'jsonl', testid: string) =>
      h(
        'a',
        {
          class: 'menu-link',
          href: this.api.downloadUrl(endpoint, endpoint === 'sample' ? { format, outcome, message, template, size: SAMPLE_SIZE } : { format, outcome, message, template, identifier }),
          download: '',
          testid,
          onclick: () => this.element.removeAttribute('open'),
        },
        format === 'csv' ? 'CSV' : 'JSON Lines',
      );
    const set = this.state.filters.set;
    if (set !== '') {
      // A list of the comparison: all of its records, as the server streams them.
      const setLink = (format: 'csv' | 'jsonl', testid: string) =>
        h('a', { class: 'menu-link', href: this.api.setDownloadUrl(set, format), download: '', testid, onclick: () => this.element.removeAttribute('open') }, format === 'csv' ? 'CSV' : 'JSON Lines');
      replaceChildren(
        this.element,
        h('summary', { class: 'button button-small menu-button', testid: 'download-menu' }, h('span', { class: 'download-icon', 'aria-hidden': 'true' }), 'Download'),
        h(
          'div',
          { class: 'menu-panel' },
          h('p', { class: 'menu-heading' }, `All records: ${SET_LABELS[set].toLowerCase()}`),
          h('div', { class: 'menu-row' }, setLink('csv', 'download-csv'), setLink('jsonl', 'download-jsonl')),
          h('p', { class: 'menu-note' }, 'Streamed from your bucket as it is read.'),
        ),
      );
      return;
    }
    replaceChildren(
      this.element,
      h('summary', { class: 'button button-small menu-button', testid: 'download-menu' }, h('span', { class: 'download-icon', 'aria-hidden': 'true' }), 'Download'),
      h(
        'div',
        { class: 'menu-panel' },
        h('p', { class: 'menu-heading' }, `Random sample of ${SAMPLE_SIZE} ${noun}${sampled ? ' matching the message filter' : ''}`),
        h('div', { class: 'menu-row' }, link('sample', 'csv', 'download-sample'), link('sample', 'jsonl', 'download-sample-jsonl')),
        h('p', { class: 'menu-heading' }, exportTitle),
        h('div', { class: 'menu-row' }, link('export', 'csv', 'download-csv'), link('export', 'jsonl', 'download-jsonl')),
        h('p', { class: 'menu-note' }, 'Streamed from your bucket as it is read.'),
      ),
    );
  }
}
