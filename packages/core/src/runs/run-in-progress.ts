// Whether a run is still being written. Census's format has no "finished" marker: metadata.json
// holds the start time only, and the record files of a run in progress land batch by batch (every
// few minutes, in batches of 10-100k records). So:
//   1. only the newest run of a sync can be in progress (Census runs a sync's runs one at a time;
//      a newer run means this one has ended), or a run without a start time, which cannot be
//      placed (listRuns looks at the four of those with the highest ids);
//   2. when metadata.json says how the run ended (an end time, or a status), that decides: an end
//      time or a final status means finished; an end-time key that is null, or a status such as
//      `running`, means in progress (Census does not write these today; producers of their own may);
//   3. otherwise the run is in progress when its newest file landed within the last 30 minutes.
import type { RunMetadata } from '../model/run-metadata.js';

/** How recently the newest file of a run must have landed for the run to count as still being written. */
export const IN_PROGRESS_WINDOW_MS = 30 * 60_000;

const END_KEYS = ['syncrunendtime', 'syncrunendedat', 'syncruncompletedat', 'completedat', 'finishedat', 'endedat', 'endtime'];
const STATUS_KEYS = ['syncrunstatus', 'runstatus', 'status', 'state'];
const RUNNING = new Set(['running', 'inprogress', 'started', 'pending', 'queued', 'working']);

const normalize = (text: string) => text.replace(/[_\-\s]/g, '').toLowerCase();

/** What metadata.json says of how the run ended: true (in progress), false (finished) or null (nothing). */
export function metadataSaysInProgress(metadata: RunMetadata | null): boolean | null {
  if (metadata === null) return null;
  const raw = new Map(Object.entries(metadata.raw).map(([key, value]) => [normalize(key), value]));
  for (const key of END_KEYS) {
    if (!raw.has(key)) continue;
    const value = raw.get(key);
    return value === null || value === '';
  }
  for (const key of STATUS_KEYS) {
    const value = raw.get(key);
    if (typeof value === 'string' && value.trim() !== '') return RUNNING.has(normalize(value));
  }
  return null;
}

export interface InProgressFacts {
  /** The run is the newest of its sync by start time, or has no start time. */
  newest: boolean;
  metadata: RunMetadata | null;
  /** When the run's newest object (record file or metadata.json) landed; null when unknown. */
  lastLandedAt: Date | null;
  /** Milliseconds since the epoch (default: now). */
  now?: number;
}

/** The rule above, from what the run's listing and metadata say. */
export function runStillBeingWritten(facts: InProgressFacts): boolean {
  if (!facts.newest) return false;
  const said = metadataSaysInProgress(facts.metadata);
  if (said !== null) return said;
  if (facts.lastLandedAt === null) return false;
  return (facts.now ?? Date.now()) - facts.lastLandedAt.getTime() < IN_PROGRESS_WINDOW_MS;
}
