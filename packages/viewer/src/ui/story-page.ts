// One record's story (core's recordHistory): every appearance of an identifier in the runs of its
// sync, oldest first, each with its status, message, the payload fields that changed since the
// appearance before, and its payload a click away. Reached in one click from a record row.
import type { RecordAppearanceJson, RecordHistoryResponse } from '../api/api-types.js';
import { apiUrl, errorMessage, getJson, isAbort } from './api-client.js';
import { clearBanner, showError } from './banner.js';
import { h, replaceChildren } from './dom.js';
import { count, utcTime } from './format.js';
import { jsonPreview } from './json-view.js';
import { toggleDetailOnClick } from './run/record-detail.js';
import { breadcrumbs } from './breadcrumbs.js';
import { runHref } from './router.js';
import { statusChip } from './status-chip.js';

const COLUMNS = 5;

function appearanceRow(orgId: string, syncId: string, appearance: RecordAppearanceJson): HTMLTableRowElement[] {
  const record = appearance.record;
  const changed =
    appearance.previousRunId === null
      ? h('span', { class: 'muted small' }, 'first appearance')
      : appearance.changedFields.length === 0
        ? h('span', { class: 'muted small' }, 'no field changed')
        : h('span', { class: 'changed-fields' }, appearance.changedFields.map((field) => h('span', { class: 'field-chip', testid: 'changed-field' }, field)));
  const row = h(
    'tr',
    { class: 'record-row story-row', testid: 'story-appearance' },
    h(
      'td',
      null,
      h('a', { href: runHref(orgId, syncId, appearance.runId, { q: appearance.identifier }), class: 'run-link', title: 'This record in its run', onclick: (event) => event.stopPropagation() }, `Run ${appearance.runId}`),
      h('div', { class: 'muted small' }, utcTime(appearance.runStartedAt)),
    ),
    h('td', null, statusChip(record.outcome, record.status)),
    h('td', { class: 'message' }, record.statusMessage ?? h('span', { class: 'muted' }, '—')),
    h('td', null, changed),
    h('td', { class: 'payload' }, h('code', { class: 'payload-preview' }, jsonPreview(record.payload))),
  );
  toggleDetailOnClick(row, record, COLUMNS);
  return [row];
}

export async function renderStory(root: HTMLElement, orgId: string, syncId: string, identifier: string, signal: AbortSignal): Promise<void> {
  clearBanner();
  const body = h('tbody', null, h('tr', null, h('td', { colspan: String(COLUMNS), class: 'loading' }, 'Looking in every run of the sync…')));
  const subtitle = h('p', { class: 'page-subtitle' });
  replaceChildren(
    root,
    h(
      'div',
      { class: 'story-page', testid: 'record-story' },
      breadcrumbs(orgId, syncId, 'Record history'),
      h('div', { class: 'page-head' }, h('div', null, h('p', { class: 'eyebrow' }, 'Record history'), h('h1', { class: 'story-title' }, identifier), subtitle)),
      h(
        'div',
        { class: 'card' },
        h(
          'table',
          { class: 'table records-table story-table' },
          h('thead', null, h('tr', null, h('th', null, 'Run'), h('th', null, 'Status'), h('th', null, 'Error reason'), h('th', null, 'Changed since before'), h('th', null, 'Payload'))),
          body,
        ),
      ),
    ),
  );
  try {
    const story = await getJson<RecordHistoryResponse>(apiUrl(['orgs', orgId, 'syncs', syncId, 'record-history'], { identifier }), signal);
    const runsIn = new Set(story.appearances.map((appearance) => appearance.runId)).size;
    replaceChildren(subtitle, `In ${count(runsIn)} of ${count(story.runs)} run${story.runs === 1 ? '' : 's'} of sync ${syncId}, oldest first. Click a row for its payload.`);
    if (story.appearances.length === 0) {
      replaceChildren(body, h('tr', null, h('td', { colspan: String(COLUMNS) }, h('div', { class: 'empty' }, h('p', { class: 'empty-title' }, 'In no run of this sync'), h('p', { class: 'empty-detail' }, 'Identifiers match exactly.')))));
      return;
    }
    replaceChildren(body, story.appearances.flatMap((appearance) => appearanceRow(orgId, syncId, appearance)));
  } catch (error) {
    if (isAbort(error)) return;
    replaceChildren(body, h('tr', null, h('td', { colspan: String(COLUMNS) }, h('div', { class: 'empty empty-error' }, h('p', { class: 'empty-title' }, 'Could not read the record’s history'), h('p', { class: 'empty-detail' }, errorMessage(error))))));
    showError(error);
  }
}
