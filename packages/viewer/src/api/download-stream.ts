// Streams records to the browser as CSV or JSON Lines: rows are pulled from the SDK's iterator only
// as fast as the socket drains, and a closed download stops the scan (cancel → iterator.return()).
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import { stringifyJson, type SyncRecord } from '@synctrack/core';
import { recordCsvRow } from '@synctrack/core/internal';
import type { DownloadFormat } from './api-types.js';
import { DOWNLOAD_COLUMNS, downloadRow } from './record-json.js';

/** Small writes are gathered into chunks of about this many bytes. */
const CHUNK_BYTES = 64 * 1024;

export const DOWNLOAD_CONTENT_TYPES: Record<DownloadFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

async function* jsonLines(records: AsyncIterable<SyncRecord>): AsyncGenerator<string> {
  // Payloads may be thousands of levels deep, beyond JSON.stringify.
  for await (const record of records) yield `${stringifyJson(downloadRow(record))}\n`;
}

async function* csvRows(records: AsyncIterable<SyncRecord>): AsyncGenerator<ReturnType<typeof recordCsvRow>> {
  // The payload is a JSON document in one cell; the other cells are text or empty for null.
  for await (const record of records) yield recordCsvRow(record);
}

function csvText(records: AsyncIterable<SyncRecord>): AsyncIterable<string | Buffer> {
  // Values are written exactly as stored (no formula escaping), so a download round-trips.
  const stringifier = stringify({ header: true, columns: [...DOWNLOAD_COLUMNS] });
  // pipeline() destroys the row source when the stringifier is destroyed, and the other way round.
  pipeline(Readable.from(csvRows(records)), stringifier, () => {});
  return stringifier;
}

/** The download's text, gathered into chunks. */
export async function* downloadChunks(records: AsyncIterable<SyncRecord>, format: DownloadFormat): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: string[] = [];
  let size = 0;
  for await (const piece of format === 'csv' ? csvText(records) : jsonLines(records)) {
    const text = typeof piece === 'string' ? piece : piece.toString('utf8');
    pending.push(text);
    size += text.length;
    if (size >= CHUNK_BYTES) {
      yield encoder.encode(pending.join(''));
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield encoder.encode(pending.join(''));
}

/**
 * A response body that reads its first chunk before it is returned, so that a missing run or a bad
 * filter still becomes an ordinary JSON error with a status code instead of a broken download.
 */
export async function startedStream(chunks: AsyncGenerator<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  let first: IteratorResult<Uint8Array> | null = await chunks.next();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = first ?? (await chunks.next());
        first = null;
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      async cancel() {
        await chunks.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}

/** `run-<org>-<sync>-<run>-<what>.<ext>`, with nothing but safe characters in it. */
export function downloadFileName(parts: string[], format: DownloadFormat): string {
  return `${parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_')}.${format}`;
}
