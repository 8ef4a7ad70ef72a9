// The viewer's front end: a top bar, the error banner, and the page the address names.
import { mountBanner } from './banner.js';
import { h, replaceChildren } from './dom.js';
import { renderHistory } from './history-page.js';
import { RunPage } from './run/run-page.js';
import { parseRoute } from './router.js';
import { renderStory } from './story-page.js';

const banner = h('div', { class: 'banner-area', 'aria-live': 'polite' });
const page = h('main', { class: 'page' });
let current: { dispose(): void; run?: RunPage } | null = null;

function render(): void {
  const route = parseRoute(location.hash);
  if (route.page === 'run') {
    const run = current?.run;
    if (run && run.ids.orgId === route.orgId && run.ids.syncId === route.syncId && run.ids.runId === route.runId) {
      run.update(route.filters);
      return;
    }
    current?.dispose();
    const next = new RunPage({ orgId: route.orgId, syncId: route.syncId, runId: route.runId }, route.filters);
    current = { dispose: () => next.dispose(), run: next };
    replaceChildren(page, next.element);
    next.start();
    document.title = `Run ${route.runId} · synctrack viewer`;
  } else if (route.page === 'story') {
    current?.dispose();
    const controller = new AbortController();
    current = { dispose: () => controller.abort() };
    document.title = `${route.identifier} · record history · synctrack viewer`;
    void renderStory(page, route.orgId, route.syncId, route.identifier, controller.signal);
  } else {
    current?.dispose();
    const controller = new AbortController();
    current = { dispose: () => controller.abort() };
    document.title = 'Sync history · synctrack viewer';
    void renderHistory(page, route.orgId, route.syncId, controller.signal);
  }
  window.scrollTo(0, 0);
}

mountBanner(banner);
replaceChildren(
  document.body,
  h(
    'header',
    { class: 'topbar' },
    h('a', { class: 'brand', href: '#/' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), 'synctrack'),
    h('span', { class: 'brand-sub' }, 'Sync Tracking viewer'),
    h('span', { class: 'spacer' }),
    h('span', { class: 'topbar-note' }, 'Local · read-only'),
  ),
  banner,
  page,
);
window.addEventListener('hashchange', render);
render();
