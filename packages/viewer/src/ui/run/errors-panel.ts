// Errors: the rejected records grouped by message template (ids, numbers, emails and quoted values
// masked, so that one cause is one group) or, with the toggle, by exact message; largest first,
// each with example identifiers and a bar for its size; a click filters the records to the group.
// The server sends the largest groups only: the first eight, then eight more per "Show more", so a
// run with thousands of one-off messages never lists them all at once. While the groups are asked
// for again (Refresh, the toggle), the ones on screen stay, dimmed, rather than flashing away.
import type { ErrorsResponse } from '../../api/api-types.js';
import { errorMessage } from '../api-client.js';
import { showError } from '../banner.js';
import { h, replaceChildren } from '../dom.js';
import { NULL_IDENTIFIER, count } from '../format.js';
import type { PanelContext } from './panel-context.js';

/** Error groups asked for at first, and added by each "Show more". */
const ERROR_GROUPS_PAGE = 8;

type ErrorGroup = ErrorsResponse['groups'][number];

export class ErrorsPanel {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'panel-body' });
  private readonly toggle = h('div', { class: 'segmented', role: 'group', 'aria-label': 'Group errors by' });
  private answer: ErrorsResponse | null = null;
  private templates = true;
  private limit = ERROR_GROUPS_PAGE;
  /** The request in flight: a newer one cancels it. */
  private request: AbortController | null = null;

  constructor(private readonly context: PanelContext) {
    this.element = h(
      'section',
      { class: 'card panel', testid: 'errors-panel' },
      h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title' }, 'Errors'), this.toggle),
      this.body,
    );
    // A message or template in the address picks the grouping that shows it.
    if (context.state.filters.message !== '' && context.state.filters.template === '') this.templates = false;
    this.showToggle();
  }

  async load(): Promise<void> {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    const signal = this.context.api.signal;
    signal.addEventListener('abort', () => request.abort(), { once: true, signal: request.signal });
    if (this.answer === null) replaceChildren(this.body, h('p', { class: 'loading' }, 'Grouping rejected records…'));
    else this.body.classList.add('stale');
    try {
      const answer = await this.context.api.errors(this.templates, this.limit, request.signal);
      if (request.signal.aborted) return;
      this.answer = answer;
      this.body.classList.remove('stale');
      this.render();
    } catch (error) {
      if (request.signal.aborted || this.context.handledByPage(error)) return;
      this.body.classList.remove('stale');
      replaceChildren(this.body, h('p', { class: 'muted' }, `Could not group the errors: ${errorMessage(error)}`));
      showError(error);
    } finally {
      if (this.request === request) this.request = null;
      request.abort();
    }
  }

  /** The groups, the one the filter selects marked. */
  render(): void {
    const answer = this.answer;
    if (answer === null) return;
    this.showToggle();
    const groups = answer.groups;
    if (groups.length === 0) {
      replaceChildren(this.body, h('div', { class: 'empty empty-small' }, h('p', { class: 'empty-title' }, 'No rejected records'), h('p', { class: 'empty-detail' }, 'Nothing in this run was rejected by the destination.')));
      return;
    }
    const largest = groups[0]!.count;
    const hidden = answer.totalGroups - groups.length;
    const noun = answer.templates ? 'template' : 'message';
    replaceChildren(
      this.body,
      h('p', { class: 'panel-note', testid: 'errors-summary' }, `${count(answer.rejected)} rejected · ${count(answer.totalGroups)} ${noun}${answer.totalGroups === 1 ? '' : 's'}`),
      h(
        'ul',
        { class: 'error-groups' },
        groups.map((group) => this.groupItem(group, largest, answer.templates)),
      ),
      hidden > 0
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button-quiet button-small show-more',
              testid: 'errors-more',
              onclick: () => {
                this.limit += ERROR_GROUPS_PAGE;
                void this.load();
              },
            },
            `Show ${count(Math.min(ERROR_GROUPS_PAGE, hidden))} more (${count(hidden)} ${noun}${hidden === 1 ? '' : 's'} not shown)`,
          )
        : null,
    );
  }

  private showToggle(): void {
    const option = (templates: boolean, label: string, title: string) =>
      h(
        'button',
        {
          type: 'button',
          class: this.templates === templates ? 'segment active' : 'segment',
          'aria-pressed': String(this.templates === templates),
          testid: templates ? 'errors-by-template' : 'errors-by-message',
          title,
          onclick: () => {
            if (this.templates === templates) return;
            this.templates = templates;
            this.limit = ERROR_GROUPS_PAGE;
            this.showToggle();
            void this.load();
          },
        },
        label,
      );
    replaceChildren(
      this.toggle,
      option(true, 'Templates', 'Messages that differ only in ids, numbers, emails or quoted values, grouped as one'),
      option(false, 'Exact messages', 'Every distinct message on its own'),
    );
  }

  private groupItem(group: ErrorGroup, largest: number, templates: boolean): HTMLElement {
    const filters = this.context.state.filters;
    const active = group.statusMessage !== null && (templates ? filters.template === group.statusMessage : filters.message === group.statusMessage);
    const bar = h('span', { class: 'error-bar-fill' });
    bar.style.width = `${Math.max(2, Math.round((group.count / largest) * 100))}%`;
    const variants = templates && group.messages !== undefined && group.messages > 1 ? `${count(group.messages)} distinct messages · ` : '';
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
          onclick: () => {
            if (group.statusMessage === null) return;
            this.context.state.navigate(templates ? { tab: 'rejected', template: group.statusMessage, message: '', q: '', set: '' } : { tab: 'rejected', message: group.statusMessage, template: '', q: '', set: '' });
          },
        },
        h('span', { class: 'error-count' }, count(group.count)),
        h(
          'span',
          { class: 'error-text' },
          h('span', { class: 'error-message' }, group.statusMessage ?? '(no message)'),
          h('span', { class: 'error-bar' }, bar),
          group.examples.length > 0 ? h('span', { class: 'error-examples' }, `${variants}e.g. ${group.examples.map((example) => example ?? NULL_IDENTIFIER).join(', ')}`) : null,
        ),
      ),
    );
  }
}
