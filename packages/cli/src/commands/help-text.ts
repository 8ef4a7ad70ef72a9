// The "Examples:" block every command's --help ends with.
export function examples(lines: ReadonlyArray<readonly [command: string, explanation: string]>): string {
  return `\nExamples:\n${lines.map(([command, explanation]) => `  # ${explanation}\n  $ ${command}\n`).join('')}`;
}

/** A run folder in the examples, as a local path and as a URL. */
export const EXAMPLE_RUN = './demo-bucket/sync_tracking_datasets/4821/120/1200004';
export const EXAMPLE_S3_RUN = 's3://acme-census/sync_tracking_datasets/4821/120/1200004';
