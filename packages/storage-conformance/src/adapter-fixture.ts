// What an adapter package hands the conformance suite: a way to make a fresh, isolated adapter.
import type { StorageAdapter } from '@synctrack/core';

export interface AdapterFixture {
  /** An adapter rooted at a prefix (or directory) no other test run uses; see `randomPrefix()`. */
  storage: StorageAdapter;
  /** Removes what the scenario left behind; called after `storage.close()`. */
  cleanup?: () => Promise<void>;
}

/** What the suite may exercise; a scenario whose needs are not met is skipped, not failed. */
export interface ConformanceCapabilities {
  /** The adapter writes: almost every scenario seeds its objects through `write`. */
  write: boolean;
  /** The adapter deletes. */
  delete: boolean;
  /** Write and list more than 1,000 keys, to cross the default page size of the cloud APIs. */
  largeListing: boolean;
  /** Write a run with `SyncRunWriter` and compare `SyncTrackingClient` answers with the fs adapter's. */
  clientSession: boolean;
}

export interface ScenarioContext {
  storage: StorageAdapter;
  capabilities: ConformanceCapabilities;
  /** Makes a further fresh adapter, for scenarios that need two. */
  create: () => Promise<AdapterFixture>;
}

export interface StorageScenario {
  /** The function name in the style of object_store's integration suite, e.g. `getRangeCutAtEnd`. */
  name: string;
  /** What the scenario proves, shown as the test title. */
  title: string;
  /** Capabilities the scenario needs; it is skipped without them. */
  requires?: ReadonlyArray<keyof ConformanceCapabilities>;
  run: (context: ScenarioContext) => Promise<void>;
}

export interface ScenarioGroup {
  name: string;
  scenarios: readonly StorageScenario[];
}

/** How to reach the adapter's real server through a fault-injecting proxy. */
export interface FaultTestOptions {
  /** The real server's base URL; a proxy that injects 5xx, resets and delays is put in front of it. */
  target: string;
  /** A fresh adapter (random prefix, quick retry delays) that reaches the server through `proxyUrl`. */
  create: (proxyUrl: string) => AdapterFixture | Promise<AdapterFixture>;
  /** Requests one call makes before giving up on a fault that never clears: its attempt limit. */
  attempts: number;
  /**
   * The progress timeout (ms without a byte) that `create` gives the adapter; keep it small (1–2 s)
   * so the stall scenarios stay quick. Without it those scenarios are skipped.
   */
  readTimeoutMs?: number;
}

export interface TestStorageAdapterOptions {
  /** Shown as the outer `describe`, e.g. `s3 (fauxqs)`. */
  name: string;
  /** Called once per scenario: a fresh adapter at a random key prefix. */
  create: () => Promise<AdapterFixture> | AdapterFixture;
  /** Defaults: every capability on. */
  capabilities?: Partial<ConformanceCapabilities>;
  /** Adds the transient-fault scenarios (retries, giving up, abort in flight); needs `write`. */
  faults?: FaultTestOptions;
  /** Registers the adapter's own tests inside the same `describe`, with the same `create`. */
  additionalTests?: (context: { create: () => Promise<AdapterFixture>; capabilities: ConformanceCapabilities }) => void;
}
