// The viewer's last comparisons, kept while both runs' files stay the same: the compare panel and
// each page of an identifier set's list ask for the same comparison, and core's compareRuns reads
// both runs whole. An entry is keyed by the two runs and every file's key, size and version, so a
// run still being written (a new batch file) is compared again. The records a comparison lists are
// read from the runs' files when asked for; an entry holds only where each set's rows are.
import type { RunComparison, RunIds, SyncTrackingClient } from '@synctrack/core';

/** Comparisons kept: the page's, and the one opened just before it. */
const ENTRIES = 2;

export class ComparisonCache {
  private readonly entries = new Map<string, Promise<RunComparison>>();

  constructor(private readonly client: SyncTrackingClient) {}

  async get(base: RunIds, head: RunIds, signal: AbortSignal): Promise<RunComparison> {
    const [baseFiles, headFiles] = await Promise.all([this.client.listRunFiles(base, { signal }), this.client.listRunFiles(head, { signal })]);
    const files = (listing: typeof baseFiles) => listing.files.map((file) => `${file.key}:${file.size}:${file.version ?? file.lastModified?.getTime() ?? '?'}`).join(',');
    const key = JSON.stringify([base, head, files(baseFiles), files(headFiles)]);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      // Not tied to one request's signal: the next page's request shares it.
      entry = this.client.compareRuns(base, head, { templates: true });
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
      while (this.entries.size > ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    return entry;
  }
}
