// The top of a run's page: breadcrumbs back to the history, the run's name, a line saying what it is
// (route, start, last batch, files and bytes) as the details and the summary arrive, and Refresh.
import { h, replaceChildren, type Child } from '../dom.js';
import { bytes, count, relativeTime, utcTime } from '../format.js';
import { routeLine } from '../named-objects.js';
import { breadcrumbs } from '../breadcrumbs.js';
import { inProgressBadge } from '../status-chip.js';
import type { RunState } from './run-state.js';

export class RunHeader {
  /** The breadcrumbs and the heading, in page order. */
  readonly elements: readonly HTMLElement[];
  private readonly meta = h('div', { class: 'run-meta' });
  /** The in-progress mark beside the title, once the details say so. */
  private readonly live = h('span', { class: 'run-title-badges' });

  constructor(
    private readonly state: RunState,
    onRefresh: () => void,
  ) {
    const { orgId, syncId, runId } = state.ids;
    this.elements = [
      breadcrumbs(orgId, syncId, `Run ${runId}`),
      h(
        'div',
        { class: 'page-head' },
        h('div', null, h('h1', { class: 'run-title' }, `Run ${runId}`, this.live), this.meta),
        h('div', { class: 'page-actions' }, h('button', { type: 'button', class: 'button', testid: 'refresh', onclick: onRefresh }, 'Refresh')),
      ),
    ];
  }

  /** The meta line, from whatever has arrived of the details and the summary. */
  showMeta(): void {
    const { details, summary } = this.state;
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
    replaceChildren(this.live, details?.inProgress ? inProgressBadge() : null);
  }
}
