// The tools `synctrack mcp` serves: read-only questions about the runs under one location, each with
// a JSON schema (zod), answered as the CLI's `--json` answers them (snake_case), size-capped. Records
// are read as streams and the reading stops at the cap; lists longer than a cap say so
// (`"truncated": true`) instead of being cut silently.
import { z } from 'zod';
import { stringifyJson, type JsonValue, type RunIds, type SyncRef, type SyncTrackingClient } from '@synctrack/core';
import { checkJson } from '../check/check-report.js';
import { DIFF_JSON_TAIL, diffJsonHead, errorChangeJson } from '../output/diff-json.js';
import { errorGroupJson, recordJson, summaryJson } from '../output/json-format.js';

/** The ids the location itself names (a sync or run folder): defaults for every tool. */
export interface LocationIds {
  orgId?: string;
  syncId?: string;
  runId?: string;
}

export interface ToolContext {
  client: SyncTrackingClient;
  ids: LocationIds;
  signal: AbortSignal;
}

/** The most text one answer may hold; lists are cut to fit and marked. */
export const MAX_ANSWER_CHARS = 200_000;

const id = (what: string) => z.string().min(1).max(200).describe(what);
const runShape = {
  org_id: id('organization id (the folder under sync_tracking_datasets/)').optional(),
  sync_id: id('sync id').optional(),
  run_id: id('sync run id (default: the sync’s newest run)').optional(),
};
const limit = (fallback: number, most: number, what: string) => z.number().int().min(1).max(most).default(fallback).describe(`${what} (default ${fallback}, at most ${most})`);

export class ToolInputError extends Error {}

function syncOf(args: { org_id?: string; sync_id?: string }, ids: LocationIds): SyncRef {
  const orgId = args.org_id ?? ids.orgId;
  const syncId = args.sync_id ?? ids.syncId;
  if (orgId === undefined || syncId === undefined) throw new ToolInputError('org_id and sync_id are required (list_runs lists the syncs)');
  return { orgId, syncId };
}

async function runOf(context: ToolContext, args: { org_id?: string; sync_id?: string; run_id?: string }): Promise<RunIds> {
  const sync = syncOf(args, context.ids);
  const runId = args.run_id ?? (args.org_id === undefined && args.sync_id === undefined ? context.ids.runId : undefined);
  if (runId !== undefined) return { ...sync, runId };
  const [newest] = await context.client.listRuns(sync, { signal: context.signal });
  if (newest === undefined) throw new ToolInputError(`sync ${sync.syncId} of organization ${sync.orgId} has no runs`);
  return { orgId: newest.orgId, syncId: newest.syncId, runId: newest.runId };
}

/** JSON text of `items` after `head`, as many as fit in the cap. */
function capped(head: Record<string, JsonValue>, key: string, items: readonly JsonValue[]): string {
  const kept: JsonValue[] = [];
  let size = stringifyJson(head).length + key.length + 40;
  for (const item of items) {
    const text = stringifyJson(item).length + 1;
    if (size + text > MAX_ANSWER_CHARS) break;
    kept.push(item);
    size += text;
  }
  return stringifyJson({ ...head, [key]: kept, truncated: kept.length < items.length, ...(kept.length < items.length ? { total_items: items.length } : {}) });
}

export interface ToolDefinition<Shape extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  shape: Shape;
  answer(context: ToolContext, args: z.infer<z.ZodObject<Shape>>): Promise<string>;
}

const define = <Shape extends z.ZodRawShape>(tool: ToolDefinition<Shape>) => tool;

export const TOOLS = [
  define({
    name: 'list_runs',
    title: 'Syncs and runs',
    description: 'Without ids: the organizations and syncs under the location. With org_id and sync_id: the sync’s runs, newest first, each with records by outcome, rejected rate (0-1) and its change from the run before, and its top error templates.',
    shape: { org_id: runShape.org_id, sync_id: runShape.sync_id, limit: limit(20, 365, 'runs, newest first') },
    async answer({ client, ids, signal }, args) {
      const orgId = args.org_id ?? ids.orgId;
      const syncId = args.sync_id ?? ids.syncId;
      if (orgId === undefined || syncId === undefined) {
        const orgs = orgId === undefined ? await client.listOrganizations({ signal }) : [orgId];
        const syncs: JsonValue[] = [];
        for (const org of orgs) for (const sync of await client.listSyncs({ orgId: org }, { signal })) syncs.push({ org_id: org, sync_id: sync });
        return capped({}, 'syncs', syncs);
      }
      const history = await client.syncHistory({ orgId, syncId }, { limit: args.limit, topErrors: 3, signal });
      const runs = history.runs.map((trend): JsonValue => ({
        run_id: trend.run.runId,
        started_at: trend.run.startedAt?.toISOString() ?? null,
        in_progress: trend.run.inProgress === true,
        total: trend.stats?.total ?? null,
        outcomes: trend.stats === null ? null : { ...trend.stats.byOutcome },
        rejected_rate: trend.stats?.rejectedRate ?? null,
        rejected_rate_change: trend.rejectedRateChange,
        top_error_templates: trend.stats?.topErrors.map((group) => ({ ...group })) ?? [],
        error: trend.error === null ? null : trend.error.message,
      }));
      return capped({ org_id: orgId, sync_id: syncId }, 'runs', runs);
    },
  }),
  define({
    name: 'summary',
    title: 'Run summary',
    description: 'One run’s records counted by outcome, status, operation and batch type, its batch time span and its metadata.',
    shape: runShape,
    async answer(context, args) {
      return stringifyJson(summaryJson(await context.client.summary(await runOf(context, args), { signal: context.signal })));
    },
  }),
  define({
    name: 'errors',
    title: 'Rejections by message',
    description: 'A run’s rejected records grouped by message (or by template: numbers, ids, emails masked), largest group first, with example identifiers.',
    shape: { ...runShape, templates: z.boolean().default(true).describe('group messages that differ only in ids, numbers, emails or quoted values'), limit: limit(50, 1000, 'groups') },
    async answer(context, args) {
      const run = await runOf(context, args);
      const groups = await context.client.errors(run, { templates: args.templates, signal: context.signal });
      return capped({ ...run, groups_total: groups.length }, 'groups', groups.slice(0, args.limit).map(errorGroupJson));
    },
  }),
  define({
    name: 'find',
    title: 'Find records',
    description: 'Every record of these identifiers (the sync key) in one run, duplicates included, with payloads.',
    shape: { ...runShape, identifiers: z.array(id('an identifier')).min(1).max(100).describe('identifiers to look for') },
    async answer(context, args) {
      const run = await runOf(context, args);
      const records = await context.client.find(run, args.identifiers, { signal: context.signal });
      return capped({ ...run }, 'records', records.map((record) => recordJson(record) as unknown as JsonValue));
    },
  }),
  define({
    name: 'sample',
    title: 'Sample records',
    description: 'A uniform random sample of a run’s records, optionally of one outcome; the same seed gives the same sample.',
    shape: {
      ...runShape,
      size: limit(20, 200, 'records'),
      outcome: z.enum(['success', 'rejected', 'invalid']).optional().describe('only records with this outcome'),
      seed: z.number().int().optional().describe('seed for a repeatable sample'),
    },
    async answer(context, args) {
      const run = await runOf(context, args);
      const records = await context.client.sample(run, { size: args.size, signal: context.signal, ...(args.outcome === undefined ? {} : { outcome: args.outcome }), ...(args.seed === undefined ? {} : { seed: args.seed }) });
      return capped({ ...run }, 'records', records.map((record) => recordJson(record) as unknown as JsonValue));
    },
  }),
  define({
    name: 'compare_runs',
    title: 'Compare with the run before',
    description: 'What changed from a base run (default: the run before, by start time) to a run: records by outcome, identifiers newly failing, fixed, still failing, added and removed, and the error groups that changed most.',
    shape: { ...runShape, base_run_id: id('the run to compare with (default: the one before)').optional(), templates: z.boolean().default(true).describe('group errors by template'), limit: limit(30, 1000, 'error groups') },
    async answer(context, args) {
      const head = await runOf(context, args);
      const base = args.base_run_id === undefined ? await context.client.previousRun(head, { signal: context.signal }) : { ...head, runId: args.base_run_id };
      if (base === null) throw new ToolInputError(`run ${head.runId} is the first of its sync: give base_run_id`);
      const comparison = await context.client.compareRuns(base, head, { templates: args.templates, signal: context.signal });
      const text = `${diffJsonHead(comparison)}${JSON.stringify(comparison.errors.slice(0, args.limit).map(errorChangeJson))}${DIFF_JSON_TAIL}`;
      return stringifyJson({ ...(JSON.parse(text) as Record<string, JsonValue>), errors_total: comparison.errors.length });
    },
  }),
  define({
    name: 'check',
    title: 'Check against rules',
    description: 'A run judged against rules (rates in percent of its records); "ok" is false when a rule is broken. Rules on the previous run compare with the run before by start time.',
    shape: {
      ...runShape,
      max_rejected_rate: z.number().min(0).max(100).optional(),
      max_invalid_rate: z.number().min(0).max(100).optional(),
      max_rejected: z.number().int().min(0).optional(),
      max_newly_failing: z.number().int().min(0).optional(),
      max_new_errors: z.number().int().min(0).optional(),
      max_rejected_rate_increase: z.number().min(0).max(100).optional(),
      min_records: z.number().int().min(0).optional(),
      templates: z.boolean().default(false).describe('new errors are new templates rather than new exact messages'),
    },
    async answer(context, args) {
      const run = await runOf(context, args);
      const rules = Object.fromEntries(
        Object.entries({
          maxRejectedRate: args.max_rejected_rate,
          maxInvalidRate: args.max_invalid_rate,
          maxRejected: args.max_rejected,
          maxNewlyFailing: args.max_newly_failing,
          maxNewErrors: args.max_new_errors,
          maxRejectedRateIncrease: args.max_rejected_rate_increase,
          minRecords: args.min_records,
        }).filter(([, value]) => value !== undefined),
      );
      if (Object.keys(rules).length === 0) throw new ToolInputError('give at least one rule, for example max_rejected_rate');
      return stringifyJson(checkJson(await context.client.check(run, rules, { templates: args.templates, signal: context.signal })));
    },
  }),
];
