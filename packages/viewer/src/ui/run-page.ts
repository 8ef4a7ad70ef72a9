// A run's records, modelled on Census's View Records: outcome tabs with counts, identifier search,
// one page of records at a time (a stack of cursors makes Previous), downloads, the errors grouped
// by message, and the run's metadata. Refresh re-asks the server for everything, so the batches of a
// run still being written appear as they land.
import type {
  ErrorsResponse,
  RecordsResponse,
  RunDetailsResponse,
  RunSummaryResponse,
} from '../api/api-types.js';
import { ApiError, apiUrl, getJson, isAbort } from './api-client.js';
import { clearBanner, showError } from './banner.js';
import { h, replaceChildren, type Child } from './dom.js';
import { OUTCOME_LABELS, bytes, count, relativeTime, utcTime } from './format.js';
import { jsonView } from './json-view.js';
import { routeLine } from './named-objects.js';
import { recordsTable, showRecords, showTableMessage } from './records-table.js';
import { TABS, historyHref, runHref, type RunFilters, type Tab } from './router.js';

export const PAGE_SIZE = 50;
const SAMPLE_SIZE = 100;
/** Error groups listed before "Show all": runs often have a long tail of one-off messages. */
const ERROR_GROUPS_SHOWN = 8;

interface RunIds {
  orgId: string;
  syncId: string;
  runId: string;
}

const TAB_LABELS: Record<Tab, string> = { all: 'All', ...OUTCOME_LABELS };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class RunPage {
  readonly element: HTMLElement;
  private filters: RunFilters;
  /** The cursor each visited page started from; the last is the current page's. */
  private cursors: Array<string | undefined> = [undefined];
  private nextCursor: string | null = null;
  private summary: RunSummaryResponse | null = null;
  private pageRequest: AbortController | null = null;
  private readonly controller = new AbortController();
  private layout: HTMLElement | null = null;
  /** Shown in place of the layout while the run does not exist. */
  private missing: HTMLElement | null = null;
  private summaryFailed = false;

  private readonly meta = h('div', { class: 'run-meta' });
  private readonly tabs = new Map<Tab, HTMLButtonElement>();
  private readonly search: HTMLInputElement;
  private readonly activeFilters = h('div', { class: 'active-filters' });
  private readonly downloads = h('details', { class: 'menu' });
  private readonly table = recordsTable();
  private readonly pager = h('div', { class: 'pager' });
  private readonly errorsPanel = h('div', { class: 'panel-body' });
  private readonly metadataPanel = h('div', { class: 'panel-body' });

  constructor(
    readonly ids: RunIds,
    filters: RunFilters,
  ) {
    this.filters = filters;
    this.search = h('input', {
      type: 'search',
      class: 'search',
      placeholder: 'Search by identifier',
      'aria-label': 'Search by identifier',
      autocomplete: 'off',
      spellcheck: 'false',
      testid: 'record-search',
    });
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') this.navigate({ q: this.search.value.trim() });
    });
    // Chromium fires `search` when the field's clear button empties it.
    this.search.addEventListener('search', () => {
      if (this.search.value === '' && this.filters.q !== '') this.navigate({ q: '' });
    });
    document.addEventListener(
      'click',
      (event) => {
        if (!this.downloads.contains(event.target as Node)) this.downloads.removeAttribute('open');
      },
      { signal: this.controller.signal },
    );
    const { orgId, syncId, runId } = ids;
    this.element = h(
      'div',
      { class: 'run-page' },
      h(
        'nav',
        { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' },
        h('a', { href: historyHref() }, 'Sync history'),
        h('span', { class: 'crumb-sep' }, '/'),
        h('a', { href: historyHref(orgId) }, `Organization ${orgId}`),
        h('span', { class: 'crumb-sep' }, '/'),
        h('a', { href: historyHref(orgId, syncId) }, `Sync ${syncId}`),
        h('span', { class: 'crumb-sep' }, '/'),
        h('span', { 'aria-current': 'page' }, `Run ${runId}`),
      ),
      h(
        'div',
        { class: 'page-head' },
        h('div', null, h('h1', null, `Run ${runId}`), this.meta),
        h('div', { class: 'page-actions' }, h('button', { type: 'button', class: 'button', testid: 'refresh', onclick: () => this.refresh() }, 'Refresh')),
      ),
      (this.layout = h(
        'div',
        { class: 'run-layout' },
        h(
          'div',
          { class: 'card records-card' },
          h(
            'div',
            { class: 'tab-bar' },
            h(
              'div',
              { class: 'tabs', role: 'tablist' },
              TABS.map((tab) => {
                const button = h('button', { type: 'button', role: 'tab', class: 'tab', testid: `status-tab-${tab}`, onclick: () => this.navigate({ tab, message: '' }) });
                this.tabs.set(tab, button);
                return button;
              }),
            ),
          ),
          h('div', { class: 'toolbar' }, h('div', { class: 'search-box' }, this.search), this.activeFilters, h('div', { class: 'spacer' }), this.downloads),
          h('div', { class: 'table-scroll' }, this.table.element),
          this.pager,
        ),
        h(
          'aside',
          { class: 'run-aside' },
          h('section', { class: 'card panel' }, h('h2', { class: 'panel-title' }, 'Errors by message'), this.errorsPanel),
          h('section', { class: 'card panel' }, h('h2', { class: 'panel-title' }, 'Run metadata'), this.metadataPanel),
        ),
      )),
    );
  }

  private url(...tail: string[]): string[] {
    return ['runs', this.ids.orgId, this.ids.syncId, this.ids.runId, ...tail];
  }

  private navigate(change: Partial<RunFilters>): void {
    location.hash = runHref(this.ids.orgId, this.ids.syncId, this.ids.runId, { ...this.filters, ...change });
  }

  start(): void {
    clearBanner();
    this.showFilters();
    void this.loadDetails();
    void this.loadSummary();
    void this.loadPage();
    void this.loadErrors();
  }

  /** New filters from the address bar: back to the first page. */
  update(filters: RunFilters): void {
    this.filters = filters;
    this.cursors = [undefined];
    this.showFilters();
    this.renderErrorsSelection();
    void this.loadPage();
  }

  refresh(): void {
    clearBanner();
    if (this.missing !== null && this.layout !== null) {
      this.missing.replaceWith(this.layout);
      this.missing = null;
    }
    void this.loadDetails();
    void this.loadSummary();
    void this.loadPage();
    void this.loadErrors();
  }

  dispose(): void {
    this.controller.abort();
  }

  // ── Filters, tabs and downloads ──────────────────────────────────────────

  private query(): Record<string, string | undefined> {
    return {
      outcome: this.filters.tab === 'all' ? undefined : this.filters.tab,
      message: this.filters.message === '' ? undefined : this.filters.message,
      identifier: this.filters.q === '' ? undefined : this.filters.q,
    };
  }

  private showFilters(): void {
    if (document.activeElement !== this.search) this.search.value = this.filters.q;
    for (const [tab, button] of this.tabs) {
      const selected = tab === this.filters.tab;
      button.classList.toggle('active', selected);
      button.setAttribute('aria-selected', String(selected));
    }
    this.renderTabCounts();
    const chips: Child[] = [];
    if (this.filters.message !== '') chips.push(this.filterChip('Message', this.filters.message, { message: '' }));
    replaceChildren(this.activeFilters, chips);
    this.renderDownloads();
  }

  /** The Download menu: a sample of the tab, or every record matching the tab, search and message. */
  private renderDownloads(): void {
    const { outcome, message, identifier } = this.query();
    const tab = this.filters.tab;
    const noun = tab === 'all' ? 'records' : `${TAB_LABELS[tab].toLowerCase()} records`;
    const filtered = message !== undefined || identifier !== undefined;
    const tabCount = this.summary === null ? null : tab === 'all' ? this.summary.total : this.summary.byOutcome[tab];
    const exportTitle = filtered ? `${noun[0]!.toUpperCase()}${noun.slice(1)} matching the filter` : `All ${tabCount === null ? '' : `${count(tabCount)} `}${noun}`;
    const link = (endpoint: 'sample' | 'export', format: 'csv' | 'jsonl', testid: string) =>
      h(
        'a',
        {
          class: 'menu-link',
          href: apiUrl(this.url(endpoint), endpoint === 'sample' ? { format, outcome, size: SAMPLE_SIZE } : { format, outcome, message, identifier }),
          download: '',
          testid,
          onclick: () => this.downloads.removeAttribute('open'),
        },
        format === 'csv' ? 'CSV' : 'JSON Lines',
      );
    replaceChildren(
      this.downloads,
      h('summary', { class: 'button button-small menu-button', testid: 'download-menu' }, h('span', { class: 'download-icon', 'aria-hidden': 'true' }), 'Download'),
      h(
        'div',
        { class: 'menu-panel' },
        h('p', { class: 'menu-heading' }, `Random sample of ${SAMPLE_SIZE} ${noun}`),
        h('div', { class: 'menu-row' }, link('sample', 'csv', 'download-sample'), link('sample', 'jsonl', 'download-sample-jsonl')),
        h('p', { class: 'menu-heading' }, exportTitle),
        h('div', { class: 'menu-row' }, link('export', 'csv', 'download-csv'), link('export', 'jsonl', 'download-jsonl')),
        h('p', { class: 'menu-note' }, 'Streamed from your bucket as it is read.'),
      ),
    );
  }

  private filterChip(label: string, value: string, clear: Partial<RunFilters>): HTMLElement {
    return h(
      'span',
      { class: 'filter-chip', title: value },
      h('span', { class: 'filter-chip-label' }, label),
      h('span', { class: 'filter-chip-value' }, value),
      h('button', { type: 'button', class: 'filter-chip-clear', 'aria-label': `Clear ${label.toLowerCase()} filter`, onclick: () => this.navigate(clear) }, '×'),
    );
  }

  private renderTabCounts(): void {
    for (const [tab, button] of this.tabs) {
      const value = this.summary === null ? null : tab === 'all' ? this.summary.total : this.summary.byOutcome[tab];
      const text = value !== null ? count(value) : this.summaryFailed ? '—' : '…';
      replaceChildren(
        button,
        h('span', { class: 'tab-label' }, TAB_LABELS[tab]),
        h('span', { class: `tab-count${tab === 'all' ? '' : ` tab-count-${tab}`}${value === 0 ? ' zero' : ''}`, title: this.summaryFailed ? 'The counts could not be read' : null }, text),
      );
    }
  }

  // ── Data ─────────────────────────────────────────────────────────────────

  /** A run that does not exist gets one clear page instead of four failed panels. */
  private showMissing(error: unknown): boolean {
    if (!(error instanceof ApiError) || error.code !== 'NOT_FOUND') return false;
    showError(error);
    if (this.missing === null && this.layout !== null) {
      const { orgId, syncId, runId } = this.ids;
      this.missing = h(
        'div',
        { class: 'card' },
        h(
          'div',
          { class: 'empty' },
          h('p', { class: 'empty-title' }, `Run ${runId} is not in this location`),
          h('p', { class: 'empty-detail' }, `Sync ${syncId} of organization ${orgId} has no run folder of that name. It may have been removed by a retention policy, or the link is from another bucket.`),
          h('p', { class: 'empty-detail' }, h('a', { href: historyHref(orgId, syncId) }, `See the runs of sync ${syncId}`)),
        ),
      );
      this.layout.replaceWith(this.missing);
    }
    return true;
  }

  private async loadSummary(): Promise<void> {
    try {
      this.summary = await getJson<RunSummaryResponse>(apiUrl(this.url('summary')), this.controller.signal);
      this.summaryFailed = false;
      this.renderTabCounts();
      this.renderDownloads();
      this.renderMeta();
    } catch (error) {
      if (isAbort(error) || this.showMissing(error)) return;
      this.summaryFailed = true;
      this.renderTabCounts();
      showError(error);
    }
  }

  private details: RunDetailsResponse | null = null;

  private async loadDetails(): Promise<void> {
    try {
      this.details = await getJson<RunDetailsResponse>(apiUrl(this.url()), this.controller.signal);
      this.renderMeta();
      this.renderMetadata();
    } catch (error) {
      if (isAbort(error) || this.showMissing(error)) return;
      replaceChildren(this.metadataPanel, h('p', { class: 'muted' }, `Could not read this run: ${message(error)}`));
      showError(error);
    }
  }

  private renderMeta(): void {
    const details = this.details;
    const summary = this.summary;
    const started = details?.metadata?.runStartedAt ?? null;
    const lastBatch = summary?.batchEndedAt?.last ?? null;
    const items: Child[] = [];
    if (details) {
      const route = routeLine(details.source, details.destination, details.destinationObject);
      if (route) items.push(h('span', { class: 'meta-item' }, route));
    }
    items.push(h('span', { class: 'meta-item', title: started ?? '' }, started === null ? 'No start time' : `Started ${utcTime(started)}`));
    if (lastBatch !== null) items.push(h('span', { class: 'meta-item', title: lastBatch }, `Last batch ended ${relativeTime(lastBatch)}`));
    if (summary) items.push(h('span', { class: 'meta-item' }, `${count(summary.files)} file${summary.files === 1 ? '' : 's'} · ${bytes(summary.bytes)}`));
    replaceChildren(this.meta, items);
  }

  private async loadPage(): Promise<void> {
    this.pageRequest?.abort();
    const request = new AbortController();
    this.pageRequest = request;
    this.controller.signal.addEventListener('abort', () => request.abort(), { once: true });
    const cursor = this.cursors[this.cursors.length - 1];
    showTableMessage(this.table.body, 'Loading records…', '', 'loading');
    replaceChildren(this.pager);
    try {
      const page = await getJson<RecordsResponse>(apiUrl(this.url('records'), { ...this.query(), cursor, limit: PAGE_SIZE }), request.signal);
      this.nextCursor = page.nextCursor;
      if (page.records.length === 0) this.showEmpty();
      else showRecords(this.table.body, page.records);
      this.renderPager(page.records.length);
    } catch (error) {
      if (isAbort(error) || this.showMissing(error)) return;
      showTableMessage(this.table.body, 'Could not load records', message(error), 'error');
      showError(error);
    }
  }

  private showEmpty(): void {
    const { tab, q, message: statusMessage } = this.filters;
    const where = tab === 'all' ? 'in this run' : `among ${TAB_LABELS[tab].toLowerCase()} records`;
    if (q !== '') showTableMessage(this.table.body, `No record with identifier “${q}” ${where}`, 'Identifiers match exactly; clear the search to see every record.');
    else if (statusMessage !== '') showTableMessage(this.table.body, 'No records with this message', 'Clear the message filter to see every record of the tab.');
    else if (this.cursors.length > 1) showTableMessage(this.table.body, 'No more records', 'Go back to the previous page.');
    else if (tab === 'all') showTableMessage(this.table.body, 'No records yet', 'A run still being written shows its batches as they land: press Refresh.');
    else showTableMessage(this.table.body, `No ${TAB_LABELS[tab].toLowerCase()} records`, tab === 'success' ? 'Nothing in this run has synced yet.' : 'Every record so far went through without this outcome.');
  }

  private renderPager(shown: number): void {
    const pageIndex = this.cursors.length - 1;
    const first = pageIndex * PAGE_SIZE + 1;
    const searching = this.filters.q !== '';
    const previous = h('button', { type: 'button', class: 'button button-small', testid: 'page-previous', disabled: pageIndex === 0, onclick: () => this.previousPage() }, '← Previous');
    const next = h('button', { type: 'button', class: 'button button-small', testid: 'page-next', disabled: this.nextCursor === null, onclick: () => this.nextPage() }, 'Next →');
    if (shown === 0 && pageIndex === 0) return replaceChildren(this.pager);
    replaceChildren(
      this.pager,
      h(
        'span',
        { class: 'pager-status', testid: 'page-status' },
        shown === 0 ? '' : searching ? `${count(shown)} match${shown === 1 ? '' : 'es'}` : `Page ${count(pageIndex + 1)} · records ${count(first)}–${count(first + shown - 1)}`,
      ),
      searching ? null : h('span', { class: 'pager-buttons' }, previous, next),
    );
  }

  private nextPage(): void {
    if (this.nextCursor === null) return;
    this.cursors.push(this.nextCursor);
    void this.loadPage();
  }

  private previousPage(): void {
    if (this.cursors.length <= 1) return;
    this.cursors.pop();
    void this.loadPage();
  }

  private errorGroups: ErrorsResponse['groups'] = [];
  private showAllErrors = false;

  private async loadErrors(): Promise<void> {
    replaceChildren(this.errorsPanel, h('p', { class: 'loading' }, 'Grouping rejected records…'));
    try {
      this.errorGroups = (await getJson<ErrorsResponse>(apiUrl(this.url('errors')), this.controller.signal)).groups;
      this.renderErrorsSelection();
    } catch (error) {
      if (isAbort(error) || this.showMissing(error)) return;
      replaceChildren(this.errorsPanel, h('p', { class: 'muted' }, `Could not group the errors: ${message(error)}`));
      showError(error);
    }
  }

  private renderErrorsSelection(): void {
    if (this.errorGroups.length === 0) {
      replaceChildren(this.errorsPanel, h('div', { class: 'empty empty-small' }, h('p', { class: 'empty-title' }, 'No rejected records'), h('p', { class: 'empty-detail' }, 'Nothing in this run was rejected by the destination.')));
      return;
    }
    const largest = this.errorGroups[0]!.count;
    const hidden = this.showAllErrors ? 0 : Math.max(0, this.errorGroups.length - ERROR_GROUPS_SHOWN);
    const shown = hidden === 0 ? this.errorGroups : this.errorGroups.slice(0, ERROR_GROUPS_SHOWN);
    // The selected group stays visible even when it is below the fold.
    const selected = this.errorGroups.find((group) => group.statusMessage !== null && group.statusMessage === this.filters.message);
    if (selected !== undefined && !shown.includes(selected)) shown.push(selected);
    replaceChildren(
      this.errorsPanel,
      h(
        'ul',
        { class: 'error-groups' },
        shown.map((group) => {
          const active = group.statusMessage !== null && this.filters.message === group.statusMessage;
          const bar = h('span', { class: 'error-bar-fill' });
          bar.style.width = `${Math.max(2, Math.round((group.count / largest) * 100))}%`;
          return h(
            'li',
            null,
            h(
              'button',
              {
                type: 'button',
                class: active ? 'error-group active' : 'error-group',
                testid: 'error-group',
                disabled: group.statusMessage === null,
                title: group.statusMessage === null ? 'Rejected without a message: this group cannot be filtered by message' : `Show these records: ${group.statusMessage}`,
                onclick: () => group.statusMessage !== null && this.navigate({ tab: 'rejected', message: group.statusMessage, q: '' }),
              },
              h('span', { class: 'error-count' }, count(group.count)),
              h(
                'span',
                { class: 'error-text' },
                h('span', { class: 'error-message' }, group.statusMessage ?? '(no message)'),
                h('span', { class: 'error-bar' }, bar),
                group.examples.length > 0 ? h('span', { class: 'error-examples' }, `e.g. ${group.examples.map((example) => example ?? 'null').join(', ')}`) : null,
              ),
            ),
          );
        }),
      ),
      hidden > 0 || this.showAllErrors
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button-quiet button-small show-more',
              onclick: () => {
                this.showAllErrors = !this.showAllErrors;
                this.renderErrorsSelection();
              },
            },
            this.showAllErrors ? 'Show fewer messages' : `Show all ${count(this.errorGroups.length)} messages`,
          )
        : null,
    );
  }

  private renderMetadata(): void {
    const details = this.details;
    if (details === null) return;
    const metadata = details.metadata;
    const row = (label: string, value: Child) => [h('dt', null, label), h('dd', null, value)];
    const named = (object: RunDetailsResponse['source']) =>
      object === null ? h('span', { class: 'muted' }, '—') : [object.name ?? h('span', { class: 'muted' }, 'not in the fact tables'), h('span', { class: 'muted small' }, ` ${object.type ?? ''} #${object.id}`)];
    const schema = Object.entries(metadata?.recordPayloadSchema ?? {});
    replaceChildren(
      this.metadataPanel,
      details.metadataError ? h('p', { class: 'warning-block' }, `metadata.json could not be read: ${details.metadataError.message}`) : null,
      metadata === null && !details.metadataError ? h('p', { class: 'muted' }, 'This run has no metadata.json (yet).') : null,
      h(
        'dl',
        { class: 'facts' },
        row('Organization', metadata?.organizationId ?? details.orgId),
        row('Workspace', metadata?.workspaceId ?? '—'),
        row('Sync', metadata?.syncConfigurationId ?? details.syncId),
        row('Run', metadata?.syncRunId ?? details.runId),
        row('Started', utcTime(metadata?.runStartedAt ?? null)),
        row('Source', named(details.source)),
        row('Destination', named(details.destination)),
        details.destinationObject ? row('Object', named(details.destinationObject)) : null,
        row('Location', h('span', { class: 'mono small break' }, details.location)),
        row('Files', `${count(details.files.length)} (${bytes(details.files.reduce((sum, file) => sum + file.size, 0))})`),
      ),
      schema.length > 0
        ? h('div', { class: 'schema' }, h('h3', null, 'Payload schema'), h('ul', { class: 'schema-list' }, schema.map(([field, type]) => h('li', null, h('span', { class: 'mono' }, field), h('span', { class: 'type-chip' }, type)))))
        : null,
      details.files.length > 0
        ? h('details', { class: 'disclosure' }, h('summary', null, `Record files (${count(details.files.length)})`), h('ul', { class: 'file-list' }, details.files.map((file) => h('li', null, h('span', { class: 'mono' }, file.name), h('span', { class: 'muted' }, bytes(file.size))))))
        : null,
      metadata ? h('details', { class: 'disclosure' }, h('summary', null, 'metadata.json'), jsonView(metadata.raw)) : null,
    );
  }
}
