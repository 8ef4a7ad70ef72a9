// What a run that does not exist shows in place of its panels: one clear card, with a link to the
// runs its sync does have.
import { h } from '../dom.js';
import { historyHref } from '../router.js';
import type { RunIds } from './run-state.js';

export function missingRun({ orgId, syncId, runId }: RunIds): HTMLElement {
  return h(
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
}
