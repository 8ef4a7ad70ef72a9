// "Compared with the previous run": the run against the one started before it (core's compareRuns,
// errors by template). The rejected rate then and now, the five identifier counts (newly failing,
// fixed, still failing, new, gone), each a link that lists those records, and the error templates
// that are new in this run (a click filters the records to one) or changed most.
import type { RunCompareResponse } from '../../api/api-types.js';
import { IDENTIFIER_SET_NAMES } from '../../api/api-types.js';
import { errorMessage } from '../api-client.js';
import { h, replaceChildren } from '../dom.js';
import { count, utcTime } from '../format.js';
import { runHref } from '../router.js';
import type { PanelContext } from './panel-context.js';
import { SET_LABELS } from './run-state.js';

const rate = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const percent = (value: number) => `${(100 * value).toFixed(1)}%`;

function signed(value: number): string {
  return value === 0 ? '±0' : `${value > 0 ? '+' : '−'}${count(Math.abs(value))}`;
}

export class ComparePanel {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'panel-body' }, h('p', { class: 'loading' }, 'Comparing with the run before…'));
  private answer: RunCompareResponse | null = null;

  constructor(private readonly context: PanelContext) {
    this.element = h(
      'section',
      { class: 'card panel', testid: 'run-compare' },
      h('h2', { class: 'panel-title' }, 'Compared with the previous run'),
      this.body,
    );
  }

  async load(): Promise<void> {
    if (this.answer !== null) this.body.classList.add('stale');
    try {
      this.answer = await this.context.api.compare();
      this.render();
    } catch (error) {
      if (this.context.handledByPage(error)) return;
      // The panel says so; the records and the other panels stand on their own.
      replaceChildren(this.body, h('p', { class: 'muted' }, `Could not compare with the run before: ${errorMessage(error)}`));
    } finally {
      this.body.classList.remove('stale');
    }
  }

  /** Again when the filters change: the list shown is marked. */
  render(): void {
    const answer = this.answer;
    if (answer === null) return;
    const { orgId, syncId, runId } = this.context.state.ids;
    if (answer.base === null || answer.identifiers === null || answer.outcomes === null) {
      replaceChildren(this.body, h('p', { class: 'muted', testid: 'compare-first-run' }, 'This is the first run of its sync: there is nothing before it to compare with.'));
      return;
    }
    const base = answer.base;
    const before = rate(base.byOutcome.rejected, base.total);
    const now = rate(answer.head.byOutcome.rejected, answer.head.total);
    const points = (now - before) * 100;
    const active = this.context.state.filters.set;
    const live = this.context.state.details?.inProgress === true;
    replaceChildren(
      this.body,
      h('p', { class: 'compare-since muted small' }, 'Since ', h('a', { href: runHref(orgId, syncId, base.runId ?? ''), testid: 'compare-base' }, `Run ${base.runId ?? '?'}`), base.startedAt === null ? null : ` (${utcTime(base.startedAt)})`),
      h(
        'p',
        { class: 'compare-rate' },
        'Rejected ',
        h('b', null, percent(now)),
        ` (was ${percent(before)}) `,
        Math.abs(points) >= 0.05 ? h('span', { class: points > 0 ? 'trend-up' : 'trend-down' }, `${points > 0 ? '▲' : '▼'} ${Math.abs(points).toFixed(1)} pt`) : h('span', { class: 'muted' }, 'about the same'),
      ),
      live ? h('p', { class: 'muted small' }, 'This run is still being written: its side of the comparison grows as batches land.') : null,
      h(
        'ul',
        { class: 'compare-sets' },
        IDENTIFIER_SET_NAMES.map((set) =>
          h(
            'li',
            null,
            h(
              'a',
              { href: runHref(orgId, syncId, runId, { set }), class: `compare-set compare-set-${set}${active === set ? ' active' : ''}`, testid: `compare-set-${set}`, 'aria-current': active === set ? 'true' : null },
              h('span', { class: 'compare-set-label' }, SET_LABELS[set]),
              h('span', { class: 'compare-set-count' }, count(answer.identifiers![set])),
            ),
          ),
        ),
      ),
      h('p', { class: 'compare-note muted small' }, 'Identifiers (the sync key) with at least one record; failing means rejected or invalid.'),
      answer.newErrors.length > 0
        ? [
            h('h3', { class: 'compare-heading' }, 'New errors in this run'),
            h(
              'ul',
              { class: 'compare-errors' },
              answer.newErrors.map((error) =>
                h(
                  'li',
                  null,
                  h(
                    'button',
                    {
                      type: 'button',
                      class: 'error-group compare-error',
                      testid: 'compare-new-error',
                      disabled: error.template === null,
                      title: 'Show these records',
                      onclick: () => error.template !== null && this.context.state.navigate({ tab: 'rejected', template: error.template, message: '', q: '', set: '' }),
                    },
                    h('span', { class: 'new-badge' }, 'new'),
                    h('span', { class: 'compare-error-count' }, count(error.count)),
                    h('span', { class: 'compare-error-text' }, error.template ?? '(no message)'),
                  ),
                ),
              ),
            ),
          ]
        : h('p', { class: 'muted small' }, 'No error is new in this run.'),
      answer.changedErrors.length > 0
        ? [
            h('h3', { class: 'compare-heading' }, 'Changed most'),
            h(
              'ul',
              { class: 'compare-errors' },
              answer.changedErrors.map((error) =>
                h('li', { class: 'error-group compare-error compare-error-static' }, h('span', { class: error.change > 0 ? 'compare-error-count trend-up' : 'compare-error-count trend-down' }, signed(error.change)), h('span', { class: 'compare-error-text', title: `${count(error.base)} → ${count(error.head)}` }, error.template ?? '(no message)')),
              ),
            ),
          ]
        : null,
    );
  }
}
