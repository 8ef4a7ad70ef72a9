// The records card: outcome tabs, the toolbar, one page of the records table and the pager. A page
// is asked for with the address's filters and holds at most PAGE_SIZE records; asking for
// another cancels the one in flight. An empty page says why it is empty.
import { errorMessage } from '../api-client.js';
import { showError } from '../banner.js';
import { h } from '../dom.js';
import { OutcomeTabs } from './outcome-tabs.js';
import { Pager } from './pager.js';
import type { PanelContext } from './panel-context.js';
import { recordsTable, showRecords, showTableMessage } from './records-table.js';
import { RecordsToolbar } from './records-toolbar.js';
import { TAB_LABELS } from './run-state.js';
import { storyHref } from '../router.js';

/** Records asked for per page: a page never holds more. */
const PAGE_SIZE = 50;

export class RecordsPanel {
  readonly element: HTMLElement;
  private readonly tabs: OutcomeTabs;
  private readonly toolbar: RecordsToolbar;
  private readonly table = recordsTable();
  private readonly pager = new Pager(PAGE_SIZE, () => void this.loadPage());
  private pageRequest: AbortController | null = null;

  constructor(private readonly context: PanelContext) {
    this.tabs = new OutcomeTabs(context.state);
    this.toolbar = new RecordsToolbar(context.state, context.api);
    this.element = h('div', { class: 'card records-card' }, this.tabs.element, this.toolbar.element, h('div', { class: 'table-scroll' }, this.table.element), this.pager.element);
  }

  /** The address's filters on the tabs and the toolbar. */
  showFilters(): void {
    this.tabs.showSelection();
    this.toolbar.showFilters();
  }

  /** The summary arrived, failed or is asked for again: the tab counts, and the download heading that names the tab's. */
  showSummary(): void {
    this.tabs.showCounts();
    this.toolbar.downloads.render();
  }

  /** New filters: the first page of what they match. */
  firstPage(): void {
    this.pager.reset();
    void this.loadPage();
  }

  async loadPage(): Promise<void> {
    const { api, state } = this.context;
    this.pageRequest?.abort();
    const request = new AbortController();
    this.pageRequest = request;
    // Removed with the request (its own abort), so that page after page adds no listeners to the page's signal.
    api.signal.addEventListener('abort', () => request.abort(), { once: true, signal: request.signal });
    showTableMessage(this.table.body, 'Loading records…', '', 'loading');
    this.pager.clear();
    try {
      const set = state.filters.set;
      const page = set !== '' ? await api.setRecords(set, this.pager.cursor, PAGE_SIZE, request.signal) : await api.records(state.query(), this.pager.cursor, PAGE_SIZE, request.signal);
      if (page.records.length === 0) this.showEmpty();
      else showRecords(this.table.body, page.records, (identifier) => storyHref(state.ids.orgId, state.ids.syncId, identifier));
      this.pager.show(page.records.length, page.nextCursor, state.filters.q !== '');
    } catch (error) {
      if (this.context.handledByPage(error)) return;
      showTableMessage(this.table.body, 'Could not load records', errorMessage(error), 'error');
      showError(error);
    } finally {
      if (this.pageRequest === request) {
        this.pageRequest = null;
        request.abort();
      }
    }
  }

  private showEmpty(): void {
    const body = this.table.body;
    const { tab, q, message, set } = this.context.state.filters;
    const where = tab === 'all' ? 'in this run' : `among ${TAB_LABELS[tab].toLowerCase()} records`;
    if (set !== '') showTableMessage(body, this.pager.pageIndex > 0 ? 'No more records' : 'No records in this list', 'Nobody is in this set of the comparison with the run before.');
    else if (q !== '') showTableMessage(body, `No record with identifier “${q}” ${where}`, 'Identifiers match exactly; clear the search to see every record.');
    else if (message !== '') showTableMessage(body, 'No records with this message', 'Clear the message filter to see every record of the tab.');
    else if (this.pager.pageIndex > 0) showTableMessage(body, 'No more records', 'Go back to the previous page.');
    else if (tab === 'all') showTableMessage(body, 'No records yet', 'A run still being written shows its batches as they land: press Refresh.');
    else showTableMessage(body, `No ${TAB_LABELS[tab].toLowerCase()} records`, tab === 'success' ? 'Nothing in this run has synced yet.' : 'Every record so far went through without this outcome.');
  }
}
