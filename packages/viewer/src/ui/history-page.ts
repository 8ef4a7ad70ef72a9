// Sync history: organizations and their syncs on the left; on the right the selected sync's trend
// (outcomes per run, trend-card.ts) and its runs, newest first, each with its start time and its
// counts by outcome (filled in as they arrive).
import type { OrganizationsResponse, RunListItem, RunSummaryResponse, RunsResponse, SyncListItem, SyncsResponse } from '../api/api-types.js';
import { apiUrl, errorMessage, getJson, isAbort } from './api-client.js';
import { clearBanner, showError } from './banner.js';
import { h, replaceChildren } from './dom.js';
import { count, relativeTime, utcTime } from './format.js';
import { routeLine } from './named-objects.js';
import { historyHref, runHref } from './router.js';
import { inProgressBadge, outcomeCount } from './status-chip.js';
import { TrendCard } from './trend-card.js';
import { navList, syncLabel } from './history-nav.js';

/** Run summaries scan a run's status column: a few at a time keeps the server responsive. */
const SUMMARY_CONCURRENCY = 2;

function emptyState(title: string, detail: string): HTMLElement {
  return h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, title), h('p', { class: 'empty-detail' }, detail));
}

export async function renderHistory(root: HTMLElement, orgParam: string | null, syncParam: string | null, signal: AbortSignal): Promise<void> {
  clearBanner();
  const nav = h('aside', { class: 'nav' }, h('p', { class: 'loading' }, 'Loading organizations…'));
  const content = h('section', { class: 'content' });
  replaceChildren(root, h('div', { class: 'history' }, nav, content));

  let organizations: string[];
  try {
    organizations = (await getJson<OrganizationsResponse>(apiUrl(['organizations']), signal)).organizations;
  } catch (error) {
    if (isAbort(error)) return;
    replaceChildren(nav);
    replaceChildren(content, emptyState('No sync tracking data here', errorMessage(error)));
    return;
  }
  const orgId = orgParam ?? organizations[0]!;
  let syncs: string[];
  let named: SyncListItem[] = [];
  try {
    ({ syncs, named } = await getJson<SyncsResponse>(apiUrl(['orgs', orgId, 'syncs']), signal));
  } catch (error) {
    if (!isAbort(error)) showError(error);
    syncs = [];
  }
  const syncId = syncParam ?? syncs[0] ?? null;
  replaceChildren(
    nav,
    navList(
      'Organizations',
      organizations.map((id) => ({ label: `Organization ${id}`, href: historyHref(id), active: id === orgId })),
    ),
    navList(
      'Syncs',
      syncs.map((id) => {
        const label = syncLabel(named.find((item) => item.syncId === id));
        return { label: label?.label ?? `Sync ${id}`, sub: label?.sub, title: label ? `${label.label} (${label.sub})` : undefined, href: historyHref(orgId, id), active: id === syncId };
      }),
    ),
  );
  if (syncId === null) {
    replaceChildren(content, emptyState('No syncs yet', `Organization ${orgId} has no sync runs in this location.`));
    return;
  }
  await renderRuns(content, orgId, syncId, signal);
}

async function renderRuns(content: HTMLElement, orgId: string, syncId: string, pageSignal: AbortSignal): Promise<void> {
  // Refresh starts over: the counts still being fetched for the old rows are cancelled.
  const controller = new AbortController();
  // Removed when this rendering is cancelled (Refresh), so refreshes add no listeners to the page's signal.
  pageSignal.addEventListener('abort', () => controller.abort(), { once: true, signal: controller.signal });
  const signal = controller.signal;
  const subtitle = h('p', { class: 'page-subtitle' });
  const refresh = h(
    'button',
    {
      type: 'button',
      class: 'button',
      testid: 'refresh',
      onclick: () => {
        controller.abort();
        clearBanner();
        void renderRuns(content, orgId, syncId, pageSignal);
      },
    },
    'Refresh',
  );
  const body = h('tbody', null, h('tr', null, h('td', { colspan: '8', class: 'loading' }, 'Loading runs…')));
  const more = h('div', { class: 'table-footer' });
  const trend = new TrendCard(orgId, syncId);
  // The chart marks the runs the first page of the listing says are still being written.
  let liveRuns: (runs: ReadonlySet<string>) => void = () => undefined;
  // The rows shown so far; the trend's counts fill those still waiting for their own.
  const shownRows: CountRow[] = [];
  const trendCounts = new Map<string, Counts>();
  void trend.load(new Promise<ReadonlySet<string>>((resolve) => (liveRuns = resolve)), signal).then((history) => {
    for (const run of history?.runs ?? []) if (run.total !== null && run.byOutcome !== null) trendCounts.set(run.runId, { total: run.total, byOutcome: run.byOutcome });
    for (const row of shownRows) {
      const counts = trendCounts.get(row.run.runId);
      if (!row.filled && counts !== undefined) showCounts(row, counts);
    }
  });
  replaceChildren(
    content,
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('p', { class: 'eyebrow' }, `Organization ${orgId}`), h('h1', null, `Sync ${syncId}`), subtitle),
      h('div', { class: 'page-actions' }, refresh),
    ),
    trend.element,
    h(
      'div',
      { class: 'card' },
      h(
        'table',
        { class: 'table runs-table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, 'Run'),
            h('th', null, 'Started'),
            h('th', { class: 'num' }, 'Records'),
            h('th', { class: 'num' }, 'Success'),
            h('th', { class: 'num' }, 'Rejected'),
            h('th', { class: 'num' }, 'Invalid'),
            h('th', { class: 'col-bar' }, 'Outcomes'),
            h('th', null, ''),
          ),
        ),
        body,
      ),
      more,
    ),
  );

  const load = async (offset: number) => {
    const page = await getJson<RunsResponse>(apiUrl(['orgs', orgId, 'syncs', syncId, 'runs'], { offset }), signal);
    if (offset === 0) {
      liveRuns(new Set(page.runs.filter((run) => run.inProgress).map((run) => run.runId)));
      replaceChildren(body);
      const newest = page.runs[0];
      replaceChildren(
        subtitle,
        newest ? routeLine(newest.source, newest.destination, newest.destinationObject) : null,
        h('span', { class: 'subtitle-count' }, `${count(page.total)} run${page.total === 1 ? '' : 's'}`),
      );
      if (page.runs.length === 0) replaceChildren(body, h('tr', null, h('td', { colspan: '8' }, emptyState('No runs', 'This sync has no runs yet.'))));
    }
    const rows = page.runs.map((run) => runRow(orgId, syncId, run));
    shownRows.push(...rows);
    body.append(...rows.map((row) => row.element));
    const shown = offset + page.runs.length;
    replaceChildren(
      more,
      shown < page.total
        ? h('button', { type: 'button', class: 'button button-quiet', onclick: () => void load(shown).catch((error) => showError(error)) }, `Show older runs (${count(page.total - shown)} more)`)
        : null,
    );
    await fillCounts(rows, trendCounts, signal);
  };
  try {
    await load(0);
  } catch (error) {
    liveRuns(new Set());
    if (isAbort(error)) return;
    replaceChildren(body, h('tr', null, h('td', { colspan: '8' }, emptyState('Could not list the runs', errorMessage(error)))));
    showError(error);
  }
}

interface RunRow {
  element: HTMLTableRowElement;
  run: RunListItem;
  cells: HTMLTableCellElement[];
  bar: HTMLTableCellElement;
  note: HTMLTableCellElement;
  /** Its counts are on screen. */
  filled: boolean;
}

type CountRow = RunRow & { orgId: string; syncId: string };
type Counts = Pick<RunSummaryResponse, 'total' | 'byOutcome'>;

/** One bar split by outcome: how a run went, at a glance. */
function outcomeBar(summary: Counts): HTMLElement {
  const bar = h('span', { class: 'outcome-bar', title: `${count(summary.byOutcome.success)} success · ${count(summary.byOutcome.rejected)} rejected · ${count(summary.byOutcome.invalid)} invalid` });
  if (summary.total === 0) return h('span', { class: 'muted small' }, 'no records yet');
  for (const outcome of ['success', 'rejected', 'invalid'] as const) {
    const share = summary.byOutcome[outcome] / summary.total;
    if (share === 0) continue;
    const segment = h('span', { class: `outcome-bar-${outcome}` });
    segment.style.width = `${Math.max(share * 100, 1.5)}%`;
    bar.append(segment);
  }
  return bar;
}

function runRow(orgId: string, syncId: string, run: RunListItem): RunRow & { orgId: string; syncId: string } {
  const cells = [0, 1, 2, 3].map(() => h('td', { class: 'num' }, h('span', { class: 'count count-pending' }, '…')));
  const bar = h('td', { class: 'col-bar' });
  const note = h('td', { class: 'note' }, run.metadataError ? h('span', { class: 'warning', title: `${run.metadataErrorCode ?? 'ERROR'}: ${run.metadataError}` }, 'metadata.json unreadable') : null);
  const element = h(
    'tr',
    null,
    h('td', null, h('a', { href: runHref(orgId, syncId, run.runId), class: 'run-link', testid: 'run-link' }, `Run ${run.runId}`), run.inProgress ? inProgressBadge() : null),
    h('td', { title: run.startedAt ?? 'no start time in metadata.json' }, h('div', null, utcTime(run.startedAt)), h('div', { class: 'muted small' }, relativeTime(run.startedAt))),
    ...cells,
    bar,
    note,
  );
  return { element, run, cells, bar, note, orgId, syncId, filled: false };
}

function showCounts(row: CountRow, summary: Counts): void {
  const [total, success, rejected, invalid] = row.cells;
  replaceChildren(total!, h('span', { class: 'count' }, count(summary.total)));
  replaceChildren(success!, outcomeCount('success', summary.byOutcome.success));
  replaceChildren(rejected!, outcomeCount('rejected', summary.byOutcome.rejected));
  replaceChildren(invalid!, outcomeCount('invalid', summary.byOutcome.invalid));
  replaceChildren(row.bar, outcomeBar(summary));
  row.filled = true;
}

/** Each row's counts: from the trend when it has them, else the run's summary, a few at a time. */
async function fillCounts(rows: CountRow[], fromTrend: ReadonlyMap<string, Counts>, signal: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < rows.length && !signal.aborted) {
      const row = rows[next++]!;
      if (row.filled) continue;
      try {
        const known = fromTrend.get(row.run.runId);
        const summary = known ?? (await getJson<RunSummaryResponse>(apiUrl(['runs', row.orgId, row.syncId, row.run.runId, 'summary']), signal));
        showCounts(row, summary);
      } catch (error) {
        if (isAbort(error)) return;
        for (const cell of row.cells) replaceChildren(cell, h('span', { class: 'muted' }, '—'));
        replaceChildren(row.note, h('span', { class: 'warning', title: errorMessage(error) }, 'counts unavailable'));
      }
    }
  };
  await Promise.all(Array.from({ length: SUMMARY_CONCURRENCY }, worker));
}
