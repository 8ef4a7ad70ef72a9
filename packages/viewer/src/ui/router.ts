// Hash routes, so the server only ever serves one page:
//   #/                                  sync history (first organization and sync)
//   #/history/ORG[/SYNC]                sync history of one organization / sync
//   #/story/ORG/SYNC?identifier=ID      one record's story across the runs of a sync
//   #/runs/ORG/SYNC/RUN?tab=&q=&message=&template=&set=  a run's records (or, with set, a list of the comparison with the run before)
import type { RecordOutcome } from '@synctrack/core';
import { IDENTIFIER_SET_NAMES } from '../api/api-types.js';

export type Tab = 'all' | RecordOutcome;
export const TABS: readonly Tab[] = ['all', 'invalid', 'rejected', 'success'];

export interface RunFilters {
  tab: Tab;
  /** The identifier searched for ('' for none). */
  q: string;
  /** An exact status message ('' for none). */
  message: string;
  /** A message template, one group of the errors by template ('' for none). */
  template: string;
  /** An identifier set of the comparison with the run before (`newlyFailing`, …; '' for none): the records list it instead. */
  set: CompareSet | '';
}

export type CompareSet = (typeof IDENTIFIER_SET_NAMES)[number];

export type Route =
  | { page: 'history'; orgId: string | null; syncId: string | null }
  | { page: 'story'; orgId: string; syncId: string; identifier: string }
  | { page: 'run'; orgId: string; syncId: string; runId: string; filters: RunFilters };

function decode(segment: string | undefined): string | null {
  if (segment === undefined || segment === '') return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?', 2);
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments[0] === 'runs' && segments.length === 4) {
    const [orgId, syncId, runId] = segments.slice(1).map(decode);
    if (orgId && syncId && runId) {
      const search = new URLSearchParams(query);
      const tab = search.get('tab') as Tab | null;
      return {
        page: 'run',
        orgId,
        syncId,
        runId,
        filters: {
          tab: tab !== null && TABS.includes(tab) ? tab : 'all',
          q: search.get('q') ?? '',
          message: search.get('message') ?? '',
          template: search.get('template') ?? '',
          set: IDENTIFIER_SET_NAMES.find((name) => name === search.get('set')) ?? '',
        },
      };
    }
  }
  if (segments[0] === 'story' && segments.length === 3) {
    const [orgId, syncId] = segments.slice(1).map(decode);
    const identifier = new URLSearchParams(query).get('identifier');
    if (orgId && syncId && identifier !== null && identifier !== '') return { page: 'story', orgId, syncId, identifier };
  }
  if (segments[0] === 'history') return { page: 'history', orgId: decode(segments[1]), syncId: decode(segments[2]) };
  return { page: 'history', orgId: null, syncId: null };
}

export function historyHref(orgId?: string | null, syncId?: string | null): string {
  if (!orgId) return '#/';
  return `#/history/${encodeURIComponent(orgId)}${syncId ? `/${encodeURIComponent(syncId)}` : ''}`;
}

export function runHref(orgId: string, syncId: string, runId: string, filters: Partial<RunFilters> = {}): string {
  const search = new URLSearchParams();
  if (filters.tab && filters.tab !== 'all') search.set('tab', filters.tab);
  if (filters.q) search.set('q', filters.q);
  if (filters.message) search.set('message', filters.message);
  if (filters.template) search.set('template', filters.template);
  if (filters.set) search.set('set', filters.set);
  const text = search.toString();
  return `#/runs/${[orgId, syncId, runId].map(encodeURIComponent).join('/')}${text === '' ? '' : `?${text}`}`;
}

/** One record's story across the runs of its sync. */
export function storyHref(orgId: string, syncId: string, identifier: string): string {
  return `#/story/${encodeURIComponent(orgId)}/${encodeURIComponent(syncId)}?${new URLSearchParams({ identifier }).toString()}`;
}
