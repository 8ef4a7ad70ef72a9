// HOOK: the "full client session" scenario — write a small run with SyncRunWriter through the adapter,
// then summary/filter/find/sample through SyncTrackingClient must equal the same calls on the fs
// adapter. Filled in once the client lands in core; gated by the `clientSession` capability.
import type { StorageScenario } from '../adapter-fixture.js';

export const clientSessionScenarios: readonly StorageScenario[] = [];
