// The GCS adapter's list cursor: the API's page token plus the last common prefix returned, so
// prefixes a later page repeats (the emulator repeats them all) are dropped and stay unique.
import { InvalidArgumentError } from '@synctrack/core';

export interface GcsListCursor {
  pageToken: string;
  lastPrefix?: string;
}

export function encodeListCursor(cursor: GcsListCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeListCursor(cursor: string | undefined): GcsListCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as GcsListCursor;
    if (typeof parsed.pageToken === 'string' && (parsed.lastPrefix === undefined || typeof parsed.lastPrefix === 'string')) return parsed;
  } catch {
    // Reported below.
  }
  throw new InvalidArgumentError({
    message: 'Invalid list cursor: pass back the cursor of a previous page of this adapter',
    context: { adapter: 'gcs', argument: 'cursor' },
  });
}
