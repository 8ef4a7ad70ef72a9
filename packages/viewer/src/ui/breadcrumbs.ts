// The trail at the top of a run's page and a record's story: back to the history, the organization
// and the sync.
import { h } from './dom.js';
import { historyHref } from './router.js';

export function breadcrumbs(orgId: string, syncId: string, current: string): HTMLElement {
  return h(
    'nav',
    { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' },
    h('a', { href: historyHref() }, 'Sync history'),
    h('span', { class: 'crumb-sep' }, '/'),
    h('a', { href: historyHref(orgId) }, `Organization ${orgId}`),
    h('span', { class: 'crumb-sep' }, '/'),
    h('a', { href: historyHref(orgId, syncId) }, `Sync ${syncId}`),
    h('span', { class: 'crumb-sep' }, '/'),
    h('span', { 'aria-current': 'page' }, current),
  );
}
