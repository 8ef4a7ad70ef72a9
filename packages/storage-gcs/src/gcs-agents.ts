// The HTTP agents @google-cloud/storage sends through: teeny-request's keep-alive pool, one per
// process. The SDK cannot cancel a request before its answer (no signal reaches node-fetch), so a
// request to a server that never answers holds its socket until the server closes it, and keeps the
// process alive. Destroying the pool's sockets is the only way to end such requests; the SDK itself
// destroys the agent whenever a read stream fails.
import { createRequire } from 'node:module';

interface AgentPool {
  pool?: Map<string, { destroy?: () => void }>;
}

/** Destroys every socket of the SDK's pooled agents (they make new ones when next used). */
export function destroySdkAgents(): void {
  let agents: AgentPool;
  try {
    const storageEntry = createRequire(import.meta.url).resolve('@google-cloud/storage');
    agents = createRequire(storageEntry)('teeny-request/build/src/agents.js') as AgentPool;
  } catch {
    // Another SDK layout: nothing we know how to release.
    return;
  }
  for (const agent of agents.pool?.values() ?? []) agent.destroy?.();
}
