// A run's records, modelled on Census's View Records: outcome tabs with counts, identifier search,
// one page of records at a time, downloads, what changed since the previous run, the errors grouped
// by template or message, and the run's metadata.
// The page holds the state, loads what several panels show (the run's details and summary), lets
// the records and errors panels load their own, and shows one card in place of them all when the
// run does not exist. Refresh re-asks the server for everything, so the batches of a run still
// being written appear as they land.
import { ApiError, isAbort } from '../api-client.js';
import { clearBanner, showError } from '../banner.js';
import { h } from '../dom.js';
import type { RunFilters } from '../router.js';
import { ComparePanel } from './compare-panel.js';
import { ErrorsPanel } from './errors-panel.js';
import { MetadataPanel } from './metadata-panel.js';
import { missingRun } from './missing-run.js';
import type { PanelContext } from './panel-context.js';
import { RecordsPanel } from './records-panel.js';
import { RunApi } from './run-api.js';
import { RunHeader } from './run-header.js';
import { RunState, type RunIds } from './run-state.js';

export class RunPage {
  readonly element: HTMLElement;
  private readonly controller = new AbortController();
  private readonly state: RunState;
  private readonly api: RunApi;
  private readonly header: RunHeader;
  private readonly records: RecordsPanel;
  private readonly errors: ErrorsPanel;
  private readonly compare: ComparePanel;
  private readonly metadata = new MetadataPanel();
  private readonly layout: HTMLElement;
  /** Shown in place of the layout while the run does not exist. */
  private missing: HTMLElement | null = null;

  constructor(
    readonly ids: RunIds,
    filters: RunFilters,
  ) {
    this.state = new RunState(ids, filters);
    this.api = new RunApi(ids, this.controller.signal);
    const context: PanelContext = { state: this.state, api: this.api, handledByPage: (error) => this.handledByPage(error) };
    this.header = new RunHeader(this.state, () => this.refresh());
    this.records = new RecordsPanel(context);
    this.errors = new ErrorsPanel(context);
    this.compare = new ComparePanel(context);
    this.layout = h('div', { class: 'run-layout' }, this.records.element, h('aside', { class: 'run-aside' }, this.compare.element, this.errors.element, this.metadata.element));
    this.element = h('div', { class: 'run-page' }, ...this.header.elements, this.layout);
  }

  start(): void {
    clearBanner();
    this.records.showFilters();
    void this.loadDetails();
    void this.loadSummary();
    void this.records.loadPage();
    void this.errors.load();
    void this.compare.load();
  }

  /** New filters from the address bar: back to the first page. */
  update(filters: RunFilters): void {
    this.state.filters = filters;
    this.records.showFilters();
    this.errors.render();
    this.compare.render();
    this.records.firstPage();
  }

  refresh(): void {
    clearBanner();
    if (this.missing !== null) {
      this.missing.replaceWith(this.layout);
      this.missing = null;
    }
    void this.loadDetails();
    void this.loadSummary();
    void this.records.loadPage();
    void this.errors.load();
    void this.compare.load();
  }

  dispose(): void {
    this.controller.abort();
  }

  /** A cancelled request shows nothing; a run that does not exist gets one clear page instead of four failed panels. */
  private handledByPage(error: unknown): boolean {
    if (isAbort(error)) return true;
    if (!(error instanceof ApiError) || error.code !== 'NOT_FOUND') return false;
    showError(error);
    if (this.missing === null) {
      this.missing = missingRun(this.ids);
      this.layout.replaceWith(this.missing);
    }
    return true;
  }

  private async loadSummary(): Promise<void> {
    // Counts of an earlier answer stay on screen, marked as such, until the new ones arrive.
    this.state.summaryStale = this.state.summary !== null;
    this.records.showSummary();
    try {
      this.state.summary = await this.api.summary();
      this.state.summaryFailed = false;
    } catch (error) {
      if (this.handledByPage(error)) return;
      // Never the old counts beside new records: they say they could not be read.
      this.state.summary = null;
      this.state.summaryFailed = true;
      showError(error);
    } finally {
      this.state.summaryStale = false;
    }
    this.records.showSummary();
    this.header.showMeta();
  }

  private async loadDetails(): Promise<void> {
    try {
      this.state.details = await this.api.details();
      this.header.showMeta();
      this.metadata.show(this.state.details);
      this.compare.render();
    } catch (error) {
      if (this.handledByPage(error)) return;
      this.metadata.showFailure(error);
      showError(error);
    }
  }
}
