// The bar above the records: search by identifier (exact, within the tab), the message filter in
// force as a chip that clears it, and the Download menu.
import { h, replaceChildren, type Child } from '../dom.js';
import type { RunFilters } from '../router.js';
import { DownloadMenu } from './download-menu.js';
import type { RunApi } from './run-api.js';
import { SET_LABELS, type RunState } from './run-state.js';

export class RecordsToolbar {
  readonly element: HTMLElement;
  readonly downloads: DownloadMenu;
  private readonly search: HTMLInputElement;
  private readonly activeFilters = h('div', { class: 'active-filters' });

  constructor(
    private readonly state: RunState,
    api: RunApi,
  ) {
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
      if (event.key === 'Enter') state.navigate({ q: this.search.value.trim(), set: '' });
    });
    // Chromium fires `search` when the field's clear button empties it.
    this.search.addEventListener('search', () => {
      if (this.search.value === '' && state.filters.q !== '') state.navigate({ q: '' });
    });
    this.downloads = new DownloadMenu(state, api);
    this.element = h('div', { class: 'toolbar' }, h('div', { class: 'search-box' }, this.search), this.activeFilters, h('div', { class: 'spacer' }), this.downloads.element);
  }

  /** The address's filters: the search text (unless someone is typing in it), the chips, the downloads. */
  showFilters(): void {
    const filters = this.state.filters;
    if (document.activeElement !== this.search) this.search.value = filters.q;
    const chips: Child[] = [];
    if (filters.message !== '') chips.push(this.filterChip('Message', filters.message, { message: '' }));
    if (filters.template !== '') chips.push(this.filterChip('Template', filters.template, { template: '' }));
    if (filters.set !== '') chips.push(this.filterChip('Since the run before', SET_LABELS[filters.set], { set: '' }));
    replaceChildren(this.activeFilters, chips);
    this.downloads.render();
  }

  private filterChip(label: string, value: string, clear: Partial<RunFilters>): HTMLElement {
    return h(
      'span',
      { class: 'filter-chip', title: value },
      h('span', { class: 'filter-chip-label' }, label),
      h('span', { class: 'filter-chip-value' }, value),
      h('button', { type: 'button', class: 'filter-chip-clear', 'aria-label': `Clear ${label.toLowerCase()} filter`, onclick: () => this.state.navigate(clear) }, '×'),
    );
  }
}
