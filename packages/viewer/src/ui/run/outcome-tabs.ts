// The outcome tabs over the records (All, Invalid, Rejected, Success), each with its count from the
// summary: `…` while it is asked for, `—` when it could not be read. A tab keeps the search and
// drops the message and template filters.
import { h, replaceChildren } from '../dom.js';
import { count } from '../format.js';
import { TABS, type Tab } from '../router.js';
import { TAB_LABELS, type RunState } from './run-state.js';

export class OutcomeTabs {
  readonly element: HTMLElement;
  private readonly buttons = new Map<Tab, HTMLButtonElement>();

  constructor(private readonly state: RunState) {
    this.element = h(
      'div',
      { class: 'tab-bar' },
      h(
        'div',
        { class: 'tabs', role: 'tablist' },
        TABS.map((tab) => {
          const button = h('button', { type: 'button', role: 'tab', class: 'tab', testid: `status-tab-${tab}`, onclick: () => state.navigate({ tab, message: '', template: '', set: '' }) });
          this.buttons.set(tab, button);
          return button;
        }),
      ),
    );
  }

  /** Marks the address's tab as selected, and writes the counts. */
  showSelection(): void {
    for (const [tab, button] of this.buttons) {
      // A list of the comparison is no tab's.
      const selected = tab === this.state.filters.tab && this.state.filters.set === '';
      button.classList.toggle('active', selected);
      button.setAttribute('aria-selected', String(selected));
    }
    this.showCounts();
  }

  showCounts(): void {
    const failed = this.state.summaryFailed;
    this.element.classList.toggle('stale', this.state.summaryStale);
    for (const [tab, button] of this.buttons) {
      const value = this.state.tabCount(tab);
      const text = value !== null ? count(value) : failed ? '—' : '…';
      replaceChildren(
        button,
        h('span', { class: 'tab-label' }, TAB_LABELS[tab]),
        h('span', { class: `tab-count${tab === 'all' ? '' : ` tab-count-${tab}`}${value === 0 ? ' zero' : ''}`, title: failed ? 'The counts could not be read' : null }, text),
      );
    }
  }
}
