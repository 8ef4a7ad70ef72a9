// The sync page's trend card: outcomes per run over the newest runs (trend-chart.ts), from the
// sync's history (core's syncHistory, cached per run by its files, so a second look is quick).
import type { SyncHistoryResponse } from '../api/api-types.js';
import { apiUrl, errorMessage, getJson, isAbort } from './api-client.js';
import { h, replaceChildren } from './dom.js';
import { runHref } from './router.js';
import { trendChart, trendLegend } from './trend-chart.js';

/** Runs the chart shows: the newest ones. */
const TREND_RUNS = 60;

export class TrendCard {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'trend-body' }, h('p', { class: 'loading' }, 'Counting each run’s outcomes…'));
  private readonly note = h('span', { class: 'muted small' });

  constructor(
    private readonly orgId: string,
    private readonly syncId: string,
  ) {
    this.element = h(
      'section',
      { class: 'card trend-card' },
      h('div', { class: 'trend-head' }, h('h2', { class: 'panel-title-inline' }, 'Outcomes per run'), this.note, h('span', { class: 'spacer' }), trendLegend()),
      this.body,
    );
  }

  /** Draws the chart once the history is in (and returns it); `inProgress` names the runs still being written. */
  async load(inProgress: Promise<ReadonlySet<string>>, signal: AbortSignal): Promise<SyncHistoryResponse | null> {
    try {
      const [history, live] = await Promise.all([
        getJson<SyncHistoryResponse>(apiUrl(['orgs', this.orgId, 'syncs', this.syncId, 'history'], { limit: TREND_RUNS }), signal),
        inProgress,
      ]);
      if (history.runs.length === 0) {
        replaceChildren(this.body, h('p', { class: 'muted' }, 'No runs yet.'));
        return history;
      }
      replaceChildren(this.note, history.runs.length === TREND_RUNS ? `the newest ${TREND_RUNS} runs` : `${history.runs.length} run${history.runs.length === 1 ? '' : 's'}`);
      const draw = () => {
        const width = Math.max(320, this.body.clientWidth || 900);
        replaceChildren(this.body, trendChart(history.runs, { inProgress: live, open: (runId) => (location.hash = runHref(this.orgId, this.syncId, runId)) }, width));
      };
      draw();
      // Drawn at the card's width in pixels (text stays its size); again when the window resizes.
      let last = this.body.clientWidth;
      const observer = new ResizeObserver(() => {
        if (Math.abs(this.body.clientWidth - last) < 16) return;
        last = this.body.clientWidth;
        draw();
      });
      observer.observe(this.body);
      signal.addEventListener('abort', () => observer.disconnect(), { once: true });
      return history;
    } catch (error) {
      if (!isAbort(error)) replaceChildren(this.body, h('p', { class: 'muted' }, `Could not chart the runs: ${errorMessage(error)}`));
      return null;
    }
  }
}
