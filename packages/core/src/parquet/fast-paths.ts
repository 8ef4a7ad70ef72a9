// The reader's fast paths, each by name, and the one switch that turns any of them off:
// `SYNCTRACK_FAST_PATHS=-identifier-search,-dictionary-counts` (all on when unset). Each path asks
// `fastPathOn` once, at the point where it would take over from the general path; off, the
// general path answers (core's plain JavaScript decode, or parquet-wasm), with the same answer.
// The benchmark turns them off one at a time (bench/fast-paths.mts) to show what each one gains.
// Decode workers see the variable too: a worker thread copies process.env when it starts. It is
// read again whenever its text changes, so a test or a benchmark may set it between two pools.
// Here, below the scan layer, because the hooks sit in this layer's page walks as well as above it.
import { ConfigInvalidError } from '../errors/config-invalid-error.js';

/** The environment variable that switches fast paths off. */
export const FAST_PATHS_VARIABLE = 'SYNCTRACK_FAST_PATHS';

/** Every fast path, and what the general path does instead when it is off. */
export const FAST_PATHS = {
  'js-decoder': 'chunks with a layout are decoded by core\'s JavaScript page decoder (scan/js-decode.ts); off, parquet-wasm decodes every select and aggregate',
  'inline-small-tasks': 'tasks of at most 512 KiB the JavaScript decoder reads run on the calling thread (scan/decode-pool.ts); off, they go to a worker',
  'identifier-search': 'find looks for its identifiers\' bytes on PLAIN pages and walks values only up to the last hit (parquet/identifier-rows.ts); off, the chunk is decoded and tested',
  'dictionary-counts': 'a summary counts dictionary indices straight from their runs (countDictionaryPages); off, the column is decoded and grouped',
  'dictionary-matches': 'a test of one text column\'s value judges each dictionary entry once (matchDictionaryPages); off, the column is decoded and tested',
  'page-picks': 'the few rows kept of dictionary and timestamp chunks are picked from their pages (parquet/page-picks.ts); off, those chunks are decoded whole',
  'text-windows': 'the few rows kept of PLAIN text chunks (payloads) are read through a small window up to the last (parquet/text-rows.ts); off, the chunks are decoded whole',
  'line-text-bytes': 'text written into JSON Lines is copied from its UTF-8 bytes, without a string (scan/js-decode.ts); off, it is read as strings',
  'wasm-text-lines': 'JSON Lines whose keys are all texts read as bytes are written by a WebAssembly loop (records/record-lines.ts); off, by the JavaScript writers',
  'footer-statistics': 'a summary takes batch time spans, and an operation column holding one value, from the footer\'s exact statistics (questions/summary.ts), and find and a filter by identifiers skip row groups whose identifier bounds hold none of them (questions/identifier-bounds.ts); off, it decodes them',
  'held-examples': 'errors tells the decode workers which messages it holds every example of, by their hashes (scan/held-keys.ts): a row group sends none for those and reads no identifiers where no message needs any; off, every row group sends each message\'s first examples',
  'worker-json-lines': 'the decode worker writes a select\'s JSON Lines (scan/finish-result.ts); off, the calling thread writes them from the rows the worker returns',
} as const satisfies Record<string, string>;

export type FastPath = keyof typeof FAST_PATHS;

export const FAST_PATH_NAMES = Object.keys(FAST_PATHS) as FastPath[];

/**
 * The fast paths `text` switches off: comma-separated names, each `-name` (off) or `name` / `+name`
 * (on, the default); a later entry wins. Unknown names throw a ConfigInvalidError naming the variable.
 */
export function parseFastPaths(text: string | undefined): ReadonlySet<FastPath> {
  const off = new Set<FastPath>();
  for (const entry of (text ?? '').split(',').map((item) => item.trim())) {
    if (entry === '') continue;
    const name = entry.replace(/^[-+]/, '');
    if (!(name in FAST_PATHS)) {
      throw new ConfigInvalidError({
        message: `${FAST_PATHS_VARIABLE} names an unknown fast path "${name}" (in "${text}"); the fast paths are ${FAST_PATH_NAMES.join(', ')}`,
        context: { argument: FAST_PATHS_VARIABLE },
      });
    }
    if (entry.startsWith('-')) off.add(name as FastPath);
    else off.delete(name as FastPath);
  }
  return off;
}

let parsedText: string | undefined;
let parsed: ReadonlySet<FastPath> = new Set();

/** The fast paths switched off now (`SYNCTRACK_FAST_PATHS`); throws ConfigInvalidError on an unknown name. */
export function fastPathsOff(): ReadonlySet<FastPath> {
  const text = typeof process === 'undefined' ? undefined : process.env[FAST_PATHS_VARIABLE];
  if (text !== parsedText) {
    parsed = parseFastPaths(text);
    parsedText = text;
  }
  return parsed;
}

const decisions: Record<FastPath, { on: number; off: number }> = Object.fromEntries(FAST_PATH_NAMES.map((name) => [name, { on: 0, off: 0 }])) as Record<
  FastPath,
  { on: number; off: number }
>;

/**
 * True when `path` may answer. Each answer is counted: tests read the counts (`fastPathDecisions`)
 * to tell that a switch is asked where its path is taken, and that off, the general path ran.
 */
export function fastPathOn(path: FastPath): boolean {
  const on = !fastPathsOff().has(path);
  decisions[path][on ? 'on' : 'off']++;
  return on;
}

/** How often each fast path's switch was asked on this thread, by its answer (see `fastPathOn`). */
export function fastPathDecisions(): Record<FastPath, { on: number; off: number }> {
  return Object.fromEntries(FAST_PATH_NAMES.map((name) => [name, { ...decisions[name] }])) as Record<FastPath, { on: number; off: number }>;
}
