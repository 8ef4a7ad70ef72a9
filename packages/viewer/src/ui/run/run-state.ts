// The run page's state: which run, the filters the address names, and the run's summary and details
// once they arrive. Panels read it; filters change only through the address (navigate), so Back,
// Forward and a shared link show the same records.
import type { RecordOutcome } from '@synctrack/core';
import type { RunDetailsResponse, RunSummaryResponse } from '../../api/api-types.js';
import { OUTCOME_LABELS } from '../format.js';
import { runHref, type CompareSet, type RunFilters, type Tab } from '../router.js';

export interface RunIds {
  orgId: string;
  syncId: string;
  runId: string;
}

export const TAB_LABELS: Record<Tab, string> = { all: 'All', ...OUTCOME_LABELS };

/** The identifier sets of the comparison with the run before, as the page names them. */
export const SET_LABELS: Record<CompareSet, string> = {
  newlyFailing: 'Newly failing',
  fixed: 'Fixed',
  stillFailing: 'Still failing',
  added: 'New in this run',
  removed: 'Gone since the run before',
};

/** The filters as the records, export and sample endpoints take them; undefined for none. */
export interface RecordQuery {
  outcome: RecordOutcome | undefined;
  message: string | undefined;
  template: string | undefined;
  identifier: string | undefined;
}

export class RunState {
  filters: RunFilters;
  summary: RunSummaryResponse | null = null;
  /** The last summary request failed and none succeeded since: the tab counts say so. */
  summaryFailed = false;
  /** The summary is being asked for again: the counts on screen are the earlier answer's. */
  summaryStale = false;
  details: RunDetailsResponse | null = null;

  constructor(
    readonly ids: RunIds,
    filters: RunFilters,
  ) {
    this.filters = filters;
  }

  navigate(change: Partial<RunFilters>): void {
    location.hash = runHref(this.ids.orgId, this.ids.syncId, this.ids.runId, { ...this.filters, ...change });
  }

  query(): RecordQuery {
    return {
      outcome: this.filters.tab === 'all' ? undefined : this.filters.tab,
      message: this.filters.message === '' ? undefined : this.filters.message,
      template: this.filters.template === '' ? undefined : this.filters.template,
      identifier: this.filters.q === '' ? undefined : this.filters.q,
    };
  }

  /** How many records a tab holds, once the summary is in. */
  tabCount(tab: Tab): number | null {
    if (this.summary === null) return null;
    return tab === 'all' ? this.summary.total : this.summary.byOutcome[tab];
  }
}
