// The client's foundation: what it holds (storage, prefix, the scanner over the decode pool, the
// caches, its lifecycle) and the calls that find things rather than ask questions of them —
// organizations, syncs, runs, a run's files and metadata, fact tables. SyncTrackingClient
// (sync-tracking-client.ts) adds the questions on top; users only ever see that class.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { normalizePrefix, type OrgRef, type RunRef, type SyncRef } from '../layout/sync-tracking-layout.js';
import type { FactTables } from '../model/fact-tables.js';
import type { RunMetadata } from '../model/run-metadata.js';
import { METHOD_OPTIONS, checkOptions } from '../questions/option-check.js';
import { listRunFiles, refOf, resolveRunRef, type QuestionContext } from '../questions/question-context.js';
import { FactTableCache, describeRun, runMetadata, type RunDetails } from '../questions/run-details.js';
import { defaultIndexDirectory } from '../questions/run-index.js';
import { SyncHistoryCache } from '../questions/sync-history-cache.js';
import { listOrganizationIds, listRunInfos, listSyncIds, type RunInfo } from '../runs/run-discovery.js';
import type { ResolvedRun, RunListing } from '../runs/run-files.js';
import { DecodePool, sharedDecodePool } from '../scan/decode-pool.js';
import { FooterCache, RowGroupScanner } from '../scan/row-group-scanner.js';
import type { StorageAdapter } from '../storage/storage-adapter.js';
import { ClientLifecycle } from './client-lifecycle.js';

export interface SyncTrackingClientOptions {
  storage: StorageAdapter;
  /** Key prefix under which `sync_tracking_datasets/` and `metadata/` live. */
  prefix?: string;
  /**
   * A decode pool of your own (for example with more threads); `close()` leaves it running (end it
   * with `pool.close()`). Defaults to the process-wide shared pool, whose idle workers end when the
   * last open client using it closes.
   */
  decodePool?: DecodePool;
  /**
   * A local index for repeated lookups: `find` builds a run's index on first use (one scan of its
   * identifiers and payloads), keeps it in `directory`, and rebuilds it when the run's files change.
   * `true` uses the default directory (`$SYNCTRACK_INDEX_DIR`, else `~/.cache/synctrack/index`).
   */
  index?: boolean | { directory?: string };
}

export abstract class ClientBase {
  readonly storage: StorageAdapter;
  readonly prefix: string;
  /** @internal */
  protected readonly context: QuestionContext;
  /** @internal */
  protected readonly factTableCache = new FactTableCache();
  /** @internal */
  protected readonly historyCache = new SyncHistoryCache();
  /** @internal */
  protected readonly lifecycle: ClientLifecycle;

  constructor(options: SyncTrackingClientOptions) {
    checkOptions(options, METHOD_OPTIONS.constructor, 'SyncTrackingClient');
    if (options?.storage?.specificationVersion !== 'v1') {
      throw new InvalidArgumentError({
        message: 'SyncTrackingClient needs a storage adapter implementing specification v1',
        context: { argument: 'storage' },
      });
    }
    this.storage = options.storage;
    this.prefix = normalizePrefix(options.prefix);
    const index = options.index ?? false;
    this.context = {
      storage: this.storage,
      prefix: this.prefix,
      scanner: new RowGroupScanner(this.storage, options.decodePool ?? sharedDecodePool(), new FooterCache(this.storage)),
      indexDirectory: index === false ? null : index === true ? defaultIndexDirectory() : (index.directory ?? defaultIndexDirectory()),
    };
    this.lifecycle = new ClientLifecycle(options.decodePool, () => {
      this.factTableCache.clear();
      this.historyCache.clear();
    });
  }

  // ── Lifecycle ────────────────────────────────────────────────────────────

  /**
   * Ends what the client holds: its caches, and its claim on the shared decode pool (when the last
   * open client using that pool closes, the pool's idle worker threads end). A pool passed as
   * `decodePool` is left running. Idempotent. Any call after it, and any stream of this client
   * read on after it, throws an `AbortedError` (code `ABORTED`) naming the method. Calls under way
   * finish; pass a `signal` to cancel them.
   */
  close(): Promise<void> {
    return this.lifecycle.close();
  }

  /** `await using client = new SyncTrackingClient(…)` closes it at the end of the block. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // ── Discovery ────────────────────────────────────────────────────────────

  async listOrganizations(options: { signal?: AbortSignal } = {}): Promise<string[]> {
    this.lifecycle.ensureOpen('listOrganizations');
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'listOrganizations');
    return listOrganizationIds(this.storage, this.prefix, options.signal);
  }

  /** The syncs of an organization (`{ orgId }`), by id. */
  async listSyncs(org: OrgRef, options: { signal?: AbortSignal } = {}): Promise<string[]> {
    this.lifecycle.ensureOpen('listSyncs');
    const { orgId } = refOf(org, 'org', 'listSyncs');
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'listSyncs');
    return listSyncIds(this.storage, this.prefix, orgId, options.signal);
  }

  /** The runs of a sync (`{ orgId, syncId }`), newest first. */
  async listRuns(sync: SyncRef, options: { signal?: AbortSignal } = {}): Promise<RunInfo[]> {
    this.lifecycle.ensureOpen('listRuns');
    const { orgId, syncId } = refOf(sync, 'sync', 'listRuns');
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'listRuns');
    return listRunInfos(this.storage, this.prefix, orgId, syncId, { signal: options?.signal });
  }

  /** The run's record files and metadata key; throws NOT_FOUND when the folder holds neither. */
  async listRunFiles(run: RunRef, options: { signal?: AbortSignal } = {}): Promise<RunListing> {
    this.lifecycle.ensureOpen('listRunFiles');
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'listRunFiles');
    return listRunFiles(this.context, run, options?.signal);
  }

  /** The run's folder, ids and location as named in messages; reads nothing. */
  resolve(run: RunRef): ResolvedRun {
    this.lifecycle.ensureOpen('resolve');
    return resolveRunRef(this.context, run);
  }

  /** The run's metadata.json; null when the run has record files but no metadata; NOT_FOUND when there is no run. */
  async metadata(run: RunRef, options: { signal?: AbortSignal } = {}): Promise<RunMetadata | null> {
    this.lifecycle.ensureOpen('metadata');
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'metadata');
    return runMetadata(this.context, run, options.signal);
  }

  /** The organization's (`{ orgId }`) fact tables (read once per client). */
  async factTables(org: OrgRef, options: { signal?: AbortSignal } = {}): Promise<FactTables> {
    this.lifecycle.ensureOpen('factTables');
    const { orgId } = refOf(org, 'org', 'factTables');
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'factTables');
    return this.factTableCache.get(this.context, orgId, options.signal);
  }

  /** The run's metadata with its source object, destination and destination object joined by id. */
  async describeRun(run: RunRef, options: { signal?: AbortSignal } = {}): Promise<RunDetails> {
    this.lifecycle.ensureOpen('describeRun');
    checkOptions(options, METHOD_OPTIONS.signalOnly, 'describeRun');
    return describeRun(this.context, this.factTableCache, run, options.signal);
  }
}
