// The viewer's JSON API. Every answer comes from SyncTrackingClient; records come one page at a
// time (filterPage with a capped limit) and downloads stream through filter(), so no request ever
// holds a whole run. A closed browser tab aborts the scan behind its request.
import { Hono, type Context } from 'hono';
import {
  SyncTrackError,
  stringifyJson,
  type RunDetails,
  type RunIds,
  type RunMetadata,
  type SyncRecord,
  type SyncTrackingClient,
} from '@synctrack/core';
import { messageTemplate } from '@synctrack/core/internal';
import type {
  ErrorsResponse,
  OrganizationsResponse,
  RecordsResponse,
  RunDetailsResponse,
  RunListItem,
  RunMetadataJson,
  RunSummaryResponse,
  RunsResponse,
  SyncsResponse,
} from './api-types.js';
import { acrossRunsRoutes } from './across-runs-routes.js';
import { DOWNLOAD_CONTENT_TYPES, downloadChunks, downloadFileName, startedStream } from './download-stream.js';
import { errorResponse } from './error-response.js';
import { joinedObjects, nameSync } from './joined-names.js';
import { recordJson } from './record-json.js';
import { runInProgress } from './run-in-progress.js';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SAMPLE_SIZE,
  MAX_PAGE_SIZE,
  MAX_SAMPLE_SIZE,
  cursorOf,
  flagOf,
  formatOf,
  identifierOf,
  integerOf,
  outcomeOf,
  recordQueryOf,
  runIdsOf,
  validId,
} from './request-params.js';

const RUNS_PAGE_SIZE = 50;
const DESCRIBE_CONCURRENCY = 8;

function iso(date: Date | null | undefined): string | null {
  return date === null || date === undefined || Number.isNaN(date.getTime()) ? null : date.toISOString();
}

function metadataJson(metadata: RunMetadata | null): RunMetadataJson | null {
  if (metadata === null) return null;
  return { ...metadata, runStartedAt: iso(metadata.runStartedAt) };
}

async function mapConcurrently<T, R>(items: T[], concurrency: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await map(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

function isInvalidData(error: unknown): error is SyncTrackError {
  return SyncTrackError.isInstance(error) && error.code === 'INVALID_DATA';
}

/**
 * A JSON answer holding data from the bucket (payloads, metadata.json), which may be nested deeper
 * than `c.json`'s JSON.stringify can write.
 */
function dataJson(c: Context, body: RecordsResponse | RunDetailsResponse): Response {
  return c.body(stringifyJson(body), 200, { 'Content-Type': 'application/json; charset=UTF-8' });
}

function attachment(c: Context, body: ReadableStream<Uint8Array>, fileName: string, contentType: string): Response {
  return c.body(body, 200, {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${fileName}"`,
  });
}

export function apiRoutes(client: SyncTrackingClient, log: (error: unknown) => void): Hono {
  const api = new Hono();
  const signalOf = (c: Context) => c.req.raw.signal;

  api.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
  });

  api.get('/organizations', async (c) => {
    const body: OrganizationsResponse = { organizations: await client.listOrganizations({ signal: signalOf(c) }) };
    return c.json(body);
  });

  api.get('/orgs/:org/syncs', async (c) => {
    const orgId = validId(c.req.param('org'), 'orgId');
    const signal = signalOf(c);
    const syncs = await client.listSyncs({ orgId }, { signal });
    const named = await mapConcurrently(syncs, DESCRIBE_CONCURRENCY, (syncId) => nameSync(client, orgId, syncId, signal));
    const body: SyncsResponse = { orgId, syncs, named };
    return c.json(body);
  });

  api.get('/orgs/:org/syncs/:sync/runs', async (c) => {
    const orgId = validId(c.req.param('org'), 'orgId');
    const syncId = validId(c.req.param('sync'), 'syncId');
    const search = new URL(c.req.url).searchParams;
    const offset = integerOf(search, 'offset', 0, 1_000_000_000, 0);
    const limit = integerOf(search, 'limit', RUNS_PAGE_SIZE, MAX_PAGE_SIZE);
    const signal = signalOf(c);
    const infos = await client.listRuns({ orgId, syncId }, { signal });
    const runs = await mapConcurrently(infos.slice(offset, offset + limit), DESCRIBE_CONCURRENCY, async (info) => {
      const item: RunListItem = {
        runId: info.runId,
        startedAt: iso(info.startedAt),
        source: null,
        destination: null,
        destinationObject: null,
        metadataError: info.metadataError?.message ?? null,
        metadataErrorCode: info.metadataError?.code ?? null,
        inProgress: info.inProgress ?? false,
      };
      if (info.metadataError !== undefined) return item;
      try {
        return { ...item, ...joinedObjects(await client.describeRun(info, { signal })) };
      } catch (error) {
        // Unreadable fact tables cost the names, not the history.
        if (!isInvalidData(error)) throw error;
        return item;
      }
    });
    const body: RunsResponse = { orgId, syncId, total: infos.length, offset, runs };
    return c.json(body);
  });

  api.get('/runs/:org/:sync/:run', async (c) => {
    const ids = runIdsOf(c.req.param());
    const signal = signalOf(c);
    const listing = await client.listRunFiles(ids, { signal });
    let details: RunDetails | null = null;
    let metadataError: RunDetailsResponse['metadataError'] = null;
    try {
      details = await client.describeRun(ids, { signal });
    } catch (error) {
      if (!isInvalidData(error)) throw error;
      metadataError = { code: error.code, message: error.message };
    }
    const body: RunDetailsResponse = {
      ...ids,
      location: listing.run.location,
      metadata: metadataJson(details?.metadata ?? null),
      metadataError,
      ...(details === null ? { source: null, destination: null, destinationObject: null } : joinedObjects(details)),
      files: listing.files.map((file) => ({ name: file.name, size: file.size, batchType: file.batchType, batchNumber: file.batchNumber })),
      inProgress: await runInProgress(client, ids, listing, details?.metadata ?? null, signal),
    };
    return dataJson(c, body);
  });

  api.get('/runs/:org/:sync/:run/summary', async (c) => {
    const summary = await client.summary(runIdsOf(c.req.param()), { signal: signalOf(c) });
    const span = (value: { first: Date; last: Date } | null) =>
      value === null ? null : { first: value.first.toISOString(), last: value.last.toISOString() };
    const body: RunSummaryResponse = {
      total: summary.total,
      byOutcome: summary.byOutcome,
      byStatus: summary.byStatus,
      byOperation: summary.byOperation,
      batchStartedAt: span(summary.batchStartedAt),
      batchEndedAt: span(summary.batchEndedAt),
      files: summary.files,
      bytes: summary.bytes,
    };
    return c.json(body);
  });

  api.get('/runs/:org/:sync/:run/records', async (c) => {
    const ids = runIdsOf(c.req.param());
    const search = new URL(c.req.url).searchParams;
    const limit = integerOf(search, 'limit', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    const query = recordQueryOf(search);
    const identifier = identifierOf(search);
    const signal = signalOf(c);
    let body: RecordsResponse;
    if (identifier !== undefined) {
      // A search is find(): one identifier, a small result, then the tab's filter on top of it.
      const found = (await client.find(ids, identifier, { signal })).filter(
        (record) =>
          (query.outcome === undefined || record.outcome === query.outcome) &&
          (query.statusMessage === undefined || record.statusMessage === query.statusMessage) &&
          (query.statusMessageTemplate === undefined || (record.statusMessage !== null && messageTemplate(record.statusMessage) === query.statusMessageTemplate)),
      );
      body = { records: found.slice(0, limit).map(recordJson), nextCursor: null, limit };
    } else {
      const cursor = cursorOf(search);
      const page = await client.filterPage(ids, { ...query, limit, signal, ...(cursor === undefined ? {} : { cursor }) });
      body = { records: page.records.map(recordJson), nextCursor: page.nextCursor, limit };
    }
    return dataJson(c, body);
  });

  api.get('/runs/:org/:sync/:run/errors', async (c) => {
    const search = new URL(c.req.url).searchParams;
    const templates = flagOf(search, 'templates');
    const limit = integerOf(search, 'limit', Number.MAX_SAFE_INTEGER, 1_000_000_000);
    const groups = await client.errors(runIdsOf(c.req.param()), { signal: signalOf(c), examples: 3, templates });
    const body: ErrorsResponse = {
      groups: groups.slice(0, limit).map((group) => ({
        statusMessage: group.statusMessage,
        count: group.count,
        examples: group.examples,
        ...(group.messages === undefined ? {} : { messages: group.messages }),
      })),
      totalGroups: groups.length,
      rejected: groups.reduce((sum, group) => sum + group.count, 0),
      templates,
    };
    return c.json(body);
  });

  api.get('/runs/:org/:sync/:run/export', async (c) => {
    const ids = runIdsOf(c.req.param());
    const search = new URL(c.req.url).searchParams;
    const format = formatOf(search);
    const query = recordQueryOf(search);
    const outcome = outcomeOf(search);
    const identifier = identifierOf(search);
    const records: AsyncIterable<SyncRecord> = client.filter(ids, {
      ...query,
      ...(identifier === undefined ? {} : { identifiers: [identifier] }),
      signal: signalOf(c),
    });
    const body = await startedStream(downloadChunks(records, format));
    const name = downloadFileName(['run', ids.orgId, ids.syncId, ids.runId, outcome ?? 'all'], format);
    return attachment(c, body, name, DOWNLOAD_CONTENT_TYPES[format]);
  });

  api.get('/runs/:org/:sync/:run/sample', async (c) => {
    const ids: RunIds = runIdsOf(c.req.param());
    const search = new URL(c.req.url).searchParams;
    const format = formatOf(search);
    const outcome = outcomeOf(search);
    const size = integerOf(search, 'size', DEFAULT_SAMPLE_SIZE, MAX_SAMPLE_SIZE);
    const seed = search.get('seed') ?? undefined;
    // The tab's whole filter (outcome and message), as the records and export endpoints take it.
    const sample = await client.sample(ids, {
      ...recordQueryOf(search),
      size,
      signal: signalOf(c),
      ...(seed === undefined ? {} : { seed }),
    });
    const body = await startedStream(downloadChunks(fromArray(sample), format));
    const name = downloadFileName(['run', ids.orgId, ids.syncId, ids.runId, outcome ?? 'all', 'sample'], format);
    return attachment(c, body, name, DOWNLOAD_CONTENT_TYPES[format]);
  });

  acrossRunsRoutes(api, client);

  api.onError((error, c) => {
    const { status, body } = errorResponse(error, log);
    return c.json(body, status as 400);
  });
  return api;
}

async function* fromArray<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}
