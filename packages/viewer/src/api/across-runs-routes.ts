// The API's questions across runs: how a sync trends (syncHistory), what changed from the run
// before (compareRuns, by template) and the records of each identifier set of that comparison (a
// page at a time, or streamed as a download), and one record's story (recordHistory). Each JSON
// answer is small by contract: the newest runs only, a handful of error groups, one page, one
// identifier's appearances.
import type { Hono } from 'hono';
import {
  InvalidArgumentError,
  stringifyJson,
  type IdentifierSetName,
  type RunComparison,
  type RunIds,
  type SyncRecord,
  type SyncTrackingClient,
} from '@synctrack/core';
import { IDENTIFIER_SET_NAMES, type ComparedRunJson, type RecordAppearanceJson, type RecordHistoryResponse, type RecordsResponse, type RunCompareResponse, type SyncHistoryResponse } from './api-types.js';
import { ComparisonCache } from './comparison-cache.js';
import { DOWNLOAD_CONTENT_TYPES, downloadChunks, downloadFileName, startedStream } from './download-stream.js';
import { recordJson } from './record-json.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, cursorOf, formatOf, identifierOf, integerOf, runIdsOf, validId } from './request-params.js';

/** Runs a trend shows at most. */
export const MAX_TREND_RUNS = 365;
const DEFAULT_TREND_RUNS = 60;
const NEW_ERRORS_SHOWN = 5;
const CHANGED_ERRORS_SHOWN = 3;
/** Appearances of one identifier a story holds at most (a duplicate in every run of a long sync). */
const MAX_APPEARANCES = 1_000;

function iso(date: Date | null | undefined): string | null {
  return date === null || date === undefined || Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function comparedRun(run: RunComparison['head']): ComparedRunJson {
  return { runId: run.run.ids?.runId ?? null, startedAt: iso(run.startedAt), total: run.total, byOutcome: run.byOutcome };
}

/** The run to compare with: `base=` when given, else the run started before the head (listRuns order); null for a sync's first run. */
async function baseOf(client: SyncTrackingClient, head: RunIds, search: URLSearchParams, signal: AbortSignal): Promise<string | null> {
  const base = search.get('base');
  if (base !== null && base !== '') return validId(base, 'base');
  const before = await client.previousRun(head, { signal });
  // A run that is not there gets the NOT_FOUND every other endpoint of the run answers.
  if (before === null) await client.listRunFiles(head, { signal });
  return before?.runId ?? null;
}

function setOf(search: URLSearchParams): IdentifierSetName {
  const set = search.get('set');
  if (!IDENTIFIER_SET_NAMES.includes(set as IdentifierSetName)) {
    throw new InvalidArgumentError({ message: `Unknown set ${JSON.stringify(set)}: use ${IDENTIFIER_SET_NAMES.join(', ')}`, context: { argument: 'set' } });
  }
  return set as IdentifierSetName;
}

export function acrossRunsRoutes(api: Hono, client: SyncTrackingClient): void {
  const comparisons = new ComparisonCache(client);
  const syncOf = (params: Record<string, string | undefined>) => ({ orgId: validId(params.org, 'orgId'), syncId: validId(params.sync, 'syncId') });

  api.get('/orgs/:org/syncs/:sync/history', async (c) => {
    const sync = syncOf(c.req.param());
    const limit = integerOf(new URL(c.req.url).searchParams, 'limit', DEFAULT_TREND_RUNS, MAX_TREND_RUNS);
    const history = await client.syncHistory(sync, { limit, topErrors: 3, signal: c.req.raw.signal });
    const body: SyncHistoryResponse = {
      ...sync,
      runs: history.runs.map((trend) => ({
        runId: trend.run.runId,
        startedAt: iso(trend.run.startedAt),
        previousRunId: trend.previousRunId,
        total: trend.stats?.total ?? null,
        byOutcome: trend.stats?.byOutcome ?? null,
        rejectedRate: trend.stats?.rejectedRate ?? null,
        rejectedRateChange: trend.rejectedRateChange,
        topErrors: (trend.stats?.topErrors ?? []).map((error) => ({ template: error.template, count: error.count })),
        error: trend.error?.message ?? null,
      })),
    };
    return c.json(body);
  });

  api.get('/runs/:org/:sync/:run/compare', async (c) => {
    const head: RunIds = runIdsOf(c.req.param());
    const signal = c.req.raw.signal;
    const baseId = await baseOf(client, head, new URL(c.req.url).searchParams, signal);
    if (baseId === null) {
      const summary = await client.summary(head, { signal });
      const body: RunCompareResponse = {
        base: null,
        head: { runId: head.runId, startedAt: null, total: summary.total, byOutcome: summary.byOutcome },
        outcomes: null,
        identifiers: null,
        newErrors: [],
        changedErrors: [],
      };
      return c.json(body);
    }
    const comparison = await comparisons.get({ ...head, runId: baseId }, head, signal);
    const body: RunCompareResponse = {
      base: comparedRun(comparison.base),
      head: comparedRun(comparison.head),
      outcomes: comparison.outcomes,
      identifiers: comparison.identifiers,
      newErrors: comparison.errors
        .filter((group) => group.new)
        .sort((a, b) => b.head - a.head)
        .slice(0, NEW_ERRORS_SHOWN)
        .map((group) => ({ template: group.statusMessage, count: group.head, messages: group.messages ?? null })),
      changedErrors: comparison.errors
        .filter((group) => !group.new && group.change !== 0)
        .slice(0, CHANGED_ERRORS_SHOWN)
        .map((group) => ({ template: group.statusMessage, base: group.base, head: group.head, change: group.change })),
    };
    return c.json(body);
  });

  // The records of one identifier set of the comparison: a page (offset as the cursor), or all of them as a download.
  api.get('/runs/:org/:sync/:run/compare/records', async (c) => {
    const head: RunIds = runIdsOf(c.req.param());
    const signal = c.req.raw.signal;
    const search = new URL(c.req.url).searchParams;
    const set = setOf(search);
    const baseId = await baseOf(client, head, search, signal);
    if (baseId === null) throw new InvalidArgumentError({ message: `Run ${head.runId} is the first of its sync: there is no run before it to compare with`, context: { argument: 'base' } });
    const comparison = await comparisons.get({ ...head, runId: baseId }, head, signal);
    if (search.has('format')) {
      const format = formatOf(search);
      const body = await startedStream(downloadChunks(comparison.records(set, { signal }), format));
      const name = downloadFileName(['run', head.orgId, head.syncId, head.runId, set, 'since', baseId], format);
      return c.body(body, 200, { 'Content-Type': DOWNLOAD_CONTENT_TYPES[format], 'Content-Disposition': `attachment; filename="${name}"` });
    }
    const limit = integerOf(search, 'limit', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const cursor = cursorOf(search);
    const offset = cursor === undefined ? 0 : Number(cursor);
    if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidArgumentError({ message: `Not a cursor of this list: ${JSON.stringify(cursor)}`, context: { argument: 'cursor' } });
    // One more than the page, to know whether another follows.
    const records: SyncRecord[] = [];
    for await (const record of comparison.records(set, { signal, offset, limit: limit + 1 })) records.push(record);
    const body: RecordsResponse = { records: records.slice(0, limit).map(recordJson), nextCursor: records.length > limit ? String(offset + limit) : null, limit };
    return c.body(stringifyJson(body), 200, { 'Content-Type': 'application/json; charset=UTF-8' });
  });

  api.get('/orgs/:org/syncs/:sync/record-history', async (c) => {
    const sync = syncOf(c.req.param());
    const identifier = identifierOf(new URL(c.req.url).searchParams);
    if (identifier === undefined) throw new InvalidArgumentError({ message: 'A record’s story needs an identifier (?identifier=…)', context: { argument: 'identifier' } });
    let runs = 0;
    const appearances: RecordAppearanceJson[] = [];
    for await (const appearance of client.recordHistory(sync, identifier, { signal: c.req.raw.signal, onRun: (_done, total) => (runs = total) })) {
      if (appearances.length >= MAX_APPEARANCES) break;
      appearances.push({
        identifier: appearance.identifier,
        runId: appearance.run.runId,
        runStartedAt: iso(appearance.run.startedAt),
        previousRunId: appearance.previousRunId,
        changedFields: appearance.changedFields,
        record: recordJson(appearance.record),
      });
    }
    const body: RecordHistoryResponse = { ...sync, identifier, appearances, runs };
    // Payloads may nest deeper than JSON.stringify can write.
    return c.body(stringifyJson(body), 200, { 'Content-Type': 'application/json; charset=UTF-8' });
  });
}
