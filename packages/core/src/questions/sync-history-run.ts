// One run's line in a sync's history: its records counted by outcome, its batch time spans, and its
// rejected records grouped by message template (as `errors` with `templates` groups them). One
// aggregate pass over status and message; a row group whose footer says it holds one status that
// is not a rejection, and exact time spans, is not read at all (most row groups of a healthy run).
import { RECORD_COLUMNS } from '../layout/record-columns.js';
import { messageTemplate } from '../model/message-template.js';
import { RECORD_OUTCOMES, outcomeOf, type RecordOutcome } from '../model/record-outcome.js';
import type { ParquetFooter } from '../parquet/parquet-footer.js';
import { fastPathOn } from '../parquet/fast-paths.js';
import type { RunFile } from '../runs/run-files.js';
import type { AggregateResult } from '../scan/decode-protocol.js';
import { groupCount } from '../scan/group-list.js';
import { timeColumnsToDecode } from './footer-time-spans.js';
import type { QuestionContext } from './question-context.js';

/** Error templates a history keeps per run (the most `topErrors` may ask for). */
export const MAX_TOP_ERRORS = 20;

export interface ErrorTemplateCount {
  /** The masked message (see `messageTemplate`); null for rejected records without a message. */
  template: string | null;
  count: number;
  /** Distinct messages the template covers. */
  messages: number;
  /** One of those messages, as stored. */
  example: string | null;
}

/** What is computed and cached per run: JSON as it is (times in epoch ms). */
export interface RunStatsRecord {
  total: number;
  byOutcome: Record<RecordOutcome, number>;
  /** The largest templates, at most MAX_TOP_ERRORS, largest first; ties by template. */
  templates: ErrorTemplateCount[];
  /** Distinct templates among the run's rejected records. */
  templateCount: number;
  files: number;
  bytes: number;
  batchStartedAt: [number, number] | null;
  batchEndedAt: [number, number] | null;
}

type Span = [number, number] | null;
const widen = (span: Span, next: { min: number; max: number } | null | undefined): Span =>
  !next ? span : span === null ? [next.min, next.max] : [Math.min(span[0], next.min), Math.max(span[1], next.max)];

/** The status of every row of the row group when the footer says so exactly; undefined otherwise. */
function singleStatus(footer: ParquetFooter, rowGroup: number): { status: string | null; nulls: number } | undefined {
  const group = footer.rowGroups[rowGroup]!;
  if (!footer.columnNames.includes(RECORD_COLUMNS.status)) return { status: null, nulls: group.numRows };
  const stats = group.statistics.get(RECORD_COLUMNS.status);
  if (stats === undefined || stats.nullCount === null) return undefined;
  if (stats.nullCount === group.numRows) return { status: null, nulls: group.numRows };
  if (typeof stats.min === 'string' && stats.min === stats.max) return { status: stats.min, nulls: stats.nullCount };
  return undefined;
}

export async function scanRunStats(context: QuestionContext, files: readonly RunFile[], signal?: AbortSignal): Promise<RunStatsRecord> {
  const byOutcome = Object.fromEntries(RECORD_OUTCOMES.map((outcome) => [outcome, 0])) as Record<RecordOutcome, number>;
  const templates = new Map<string | null, { count: number; variants: Set<string | null>; example: string | null }>();
  let started: Span = null;
  let ended: Span = null;
  let total = 0;
  const addRejected = (message: string | null, count: number) => {
    const key = message === null ? null : messageTemplate(message);
    let entry = templates.get(key);
    if (entry === undefined) templates.set(key, (entry = { count: 0, variants: new Set(), example: message }));
    entry.count += count;
    entry.variants.add(message);
  };
  for await (const { result } of context.scanner.scan<AggregateResult>(
    files,
    (footer, rowGroup) => {
      const group = footer.rowGroups[rowGroup]!;
      // With `footer-statistics` off, every row group is decoded.
      const fromStatistics = fastPathOn('footer-statistics');
      const decodeTimes = timeColumnsToDecode(footer, rowGroup, fromStatistics, (column, span) => {
        if (column === RECORD_COLUMNS.batchStartedAt) started = widen(started, span);
        else ended = widen(ended, span);
      });
      const single = fromStatistics ? singleStatus(footer, rowGroup) : undefined;
      if (single !== undefined && outcomeOf(single.status) !== 'rejected') {
        total += group.numRows;
        byOutcome[outcomeOf(single.status)] += group.numRows - single.nulls;
        byOutcome.invalid += single.nulls;
        // Time columns still to decode: count no rows from the kernel (an empty grouping).
        return decodeTimes.length === 0 ? null : { columns: decodeTimes, kernel: { kind: 'aggregate', predicate: {}, groupings: [], timeColumns: decodeTimes } };
      }
      const groupings = [[RECORD_COLUMNS.status, RECORD_COLUMNS.statusMessage]];
      return { columns: [...groupings.flat(), ...decodeTimes], kernel: { kind: 'aggregate', predicate: {}, groupings, timeColumns: decodeTimes } };
    },
    { signal },
  )) {
    started = widen(started, result.timeSpans[RECORD_COLUMNS.batchStartedAt]);
    ended = widen(ended, result.timeSpans[RECORD_COLUMNS.batchEndedAt]);
    const byKey = result.groups[0];
    if (byKey === undefined) continue; // counted from the footer
    total += result.matched;
    for (let group = 0; group < groupCount(byKey); group++) {
      const status = byKey.keys[group * byKey.width]!;
      const count = byKey.counts[group]!;
      const outcome = outcomeOf(status);
      byOutcome[outcome] += count;
      if (outcome === 'rejected') addRejected(byKey.keys[group * byKey.width + 1]!, count);
    }
  }
  const sorted = [...templates].sort((a, b) => b[1].count - a[1].count || compareTemplates(a[0], b[0]));
  return {
    total,
    byOutcome,
    templates: sorted.slice(0, MAX_TOP_ERRORS).map(([template, entry]) => ({
      template,
      count: entry.count,
      messages: entry.variants.size,
      example: entry.example,
    })),
    templateCount: templates.size,
    files: files.length,
    bytes: files.reduce((sum, file) => sum + file.size, 0),
    batchStartedAt: started,
    batchEndedAt: ended,
  };
}

/** Templates in UTF-16 code unit order, no message last (as `errors` orders ties). */
function compareTemplates(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
