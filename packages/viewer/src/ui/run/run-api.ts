// The run's endpoints of the viewer API, typed: its details, summary, a page of records, the error
// groups, and the addresses of the downloads. Requests end with the page (`signal`).
import type { ErrorsResponse, RecordsResponse, RunCompareResponse, RunDetailsResponse, RunSummaryResponse } from '../../api/api-types.js';
import type { CompareSet } from '../router.js';
import { apiUrl, getJson } from '../api-client.js';
import type { RecordQuery, RunIds } from './run-state.js';

export class RunApi {
  constructor(
    private readonly ids: RunIds,
    /** Aborted when the page goes away. */
    readonly signal: AbortSignal,
  ) {}

  private path(...tail: string[]): string[] {
    return ['runs', this.ids.orgId, this.ids.syncId, this.ids.runId, ...tail];
  }

  details(): Promise<RunDetailsResponse> {
    return getJson<RunDetailsResponse>(apiUrl(this.path()), this.signal);
  }

  summary(): Promise<RunSummaryResponse> {
    return getJson<RunSummaryResponse>(apiUrl(this.path('summary')), this.signal);
  }

  /** The largest `limit` error groups, by template or by exact message; `signal` cancels this request alone. */
  errors(templates: boolean, limit: number, signal: AbortSignal): Promise<ErrorsResponse> {
    return getJson<ErrorsResponse>(apiUrl(this.path('errors'), { templates: templates ? 1 : 0, limit }), signal);
  }

  /** One page of records; `signal` cancels this page alone, when another is asked for. */
  records(query: RecordQuery, cursor: string | undefined, limit: number, signal: AbortSignal): Promise<RecordsResponse> {
    return getJson<RecordsResponse>(apiUrl(this.path('records'), { ...query, cursor, limit }), signal);
  }

  /** What changed since the run before (or since `base`). */
  compare(): Promise<RunCompareResponse> {
    return getJson<RunCompareResponse>(apiUrl(this.path('compare')), this.signal);
  }

  /** One page of an identifier set's records; the cursor is the server's. */
  setRecords(set: CompareSet, cursor: string | undefined, limit: number, signal: AbortSignal): Promise<RecordsResponse> {
    return getJson<RecordsResponse>(apiUrl(this.path('compare', 'records'), { set, cursor, limit }), signal);
  }

  /** The address of an identifier set's records as a download. */
  setDownloadUrl(set: CompareSet, format: 'csv' | 'jsonl'): string {
    return apiUrl(this.path('compare', 'records'), { set, format });
  }

  /** The address of a download, which the server streams as an attachment. */
  downloadUrl(endpoint: 'sample' | 'export', query: Record<string, string | number | undefined>): string {
    return apiUrl(this.path(endpoint), query);
  }
}
