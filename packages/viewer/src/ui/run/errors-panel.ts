// Errors by message: the rejected records grouped by exact message, largest first, each with example
// identifiers and a bar for its size; a click filters the records to the group. The first eight
// show, then "Show all": runs often have a long tail of one-off messages.
import type { ErrorsResponse } from '../../api/api-types.js';
import { errorMessage } from '../api-client.js';
import { showError } from '../banner.js';
import { h, replaceChildren } from '../dom.js';
import { count } from '../format.js';
import type { PanelContext } from './panel-context.js';

/** Error groups listed before "Show all". */
const ERROR_GROUPS_SHOWN = 8;

type ErrorGroup = ErrorsResponse['groups'][number];

export class ErrorsPanel {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'panel-body' });
  private groups: ErrorGroup[] = [];
  private showAll = false;

  constructor(private readonly context: PanelContext) {
    this.element = h('section', { class: 'card panel' }, h('h2', { class: 'panel-title' }, 'Errors by message'), this.body);
  }

  async load(): Promise<void> {
    replaceChildren(this.body, h('p', { class: 'loading' }, 'Grouping rejected records…'));
    try {
      this.groups = (await this.context.api.errors()).groups;
      this.render();
    } catch (error) {
      if (this.context.handledByPage(error)) return;
      replaceChildren(this.body, h('p', { class: 'muted' }, `Could not group the errors: ${errorMessage(error)}`));
      showError(error);
    }
  }

  /** The groups, the one the message filter selects marked (and shown even below the fold). */
  render(): void {
    const groups = this.groups;
    if (groups.length === 0) {
      replaceChildren(this.body, h('div', { class: 'empty empty-small' }, h('p', { class: 'empty-title' }, 'No rejected records'), h('p', { class: 'empty-detail' }, 'Nothing in this run was rejected by the destination.')));
      return;
    }
    const largest = groups[0]!.count;
    const hidden = this.showAll ? 0 : Math.max(0, groups.length - ERROR_GROUPS_SHOWN);
    const shown = hidden === 0 ? groups : groups.slice(0, ERROR_GROUPS_SHOWN);
    const filter = this.context.state.filters.message;
    const selected = groups.find((group) => group.statusMessage !== null && group.statusMessage === filter);
    if (selected !== undefined && !shown.includes(selected)) shown.push(selected);
    replaceChildren(
      this.body,
      h(
        'ul',
        { class: 'error-groups' },
        shown.map((group) => this.groupItem(group, largest, group.statusMessage !== null && filter === group.statusMessage)),
      ),
      hidden > 0 || this.showAll
        ? h(
            'button',
            {
              type: 'button',
              class: 'button button-quiet button-small show-more',
              onclick: () => {
                this.showAll = !this.showAll;
                this.render();
              },
            },
            this.showAll ? 'Show fewer messages' : `Show all ${count(groups.length)} messages`,
          )
        : null,
    );
  }

  private groupItem(group: ErrorGroup, largest: number, active: boolean): HTMLElement {
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
          onclick: () => group.statusMessage !== null && this.context.state.navigate({ tab: 'rejected', message: group.statusMessage, q: '' }),
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
  }
}
