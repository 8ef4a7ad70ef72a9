// An opaque, resumable position in a filtered scan: the file, row group and row to continue from,
// tied to the query it was made for so that it cannot silently resume a different filter.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

export interface CursorPosition {
  file: string;
  rowGroup: number;
  row: number;
}

interface CursorBody extends CursorPosition {
  v: 1;
  q: string;
}

/** A short fingerprint of a query (FNV-1a over its JSON). */
export function queryFingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

export function encodeCursor(position: CursorPosition, fingerprint: string): string {
  const body: CursorBody = { v: 1, q: fingerprint, ...position };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

export function decodeCursor(cursor: string, fingerprint: string): CursorPosition {
  let body: CursorBody;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorBody;
  } catch {
    throw new InvalidArgumentError({ message: 'The cursor is not one synctrack made', context: { argument: 'cursor' } });
  }
  if (body?.v !== 1 || typeof body.file !== 'string' || !Number.isInteger(body.rowGroup) || !Number.isInteger(body.row)) {
    throw new InvalidArgumentError({ message: 'The cursor is not one synctrack made', context: { argument: 'cursor' } });
  }
  if (body.q !== fingerprint) {
    throw new InvalidArgumentError({
      message: 'The cursor was made for a different query: pass the same filter it came from',
      context: { argument: 'cursor' },
    });
  }
  return { file: body.file, rowGroup: body.rowGroup, row: body.row };
}
