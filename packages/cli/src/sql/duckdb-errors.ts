// DuckDB's errors as synctrack's typed ones, in one line: a mistake in the query is a usage error
// (exit 2), an unreadable file invalid data (4), refused credentials a permission error (5), a
// network failure storage unavailable (6), a missing extension unsupported (7).
import {
  AbortedError,
  InvalidArgumentError,
  InvalidDataError,
  NotFoundError,
  PermissionDeniedError,
  StorageUnavailableError,
  SyncTrackError,
  UnsupportedError,
} from '@synctrack/core';

/** DuckDB's message without its multi-line caret display, on one line. */
export function duckDbMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/^Failed to extract statements: /, '')
    .split(/\n\s*\nLINE \d+:|\nLINE \d+:/)[0]!
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

export interface DuckDbErrorContext {
  /** The location the query reads, for messages. */
  location: string;
  /** Which environment variables hold the credentials, for a refused request. */
  credentialsHint: string;
}

export function fromDuckDbError(error: unknown, context: DuckDbErrorContext): SyncTrackError {
  if (SyncTrackError.isInstance(error)) return error;
  const message = duckDbMessage(error);
  const options = { context: { location: context.location }, cause: error };
  if (/^INTERRUPT Error/i.test(message)) return new AbortedError({ message: 'The query was interrupted', ...options });
  // A file that is not Parquet, or a corrupt one: DuckDB calls it invalid input, but the data is at fault.
  if (/^(Invalid Input|IO|Invalid) Error/i.test(message) && /magic bytes|not a parquet|corrupt|\.parquet'/i.test(message)) {
    return new InvalidDataError({ message: `DuckDB could not read the data: ${message}`, ...options });
  }
  if (/^(Parser|Binder|Catalog|Conversion|Invalid Input|Not implemented|Syntax|Constraint|Dependency|Sequence|Type Mismatch|Out of Range|Permission) Error/i.test(message)) {
    return new InvalidArgumentError({ message: `The query failed: ${message}`, ...options, context: { ...options.context, argument: 'query' } });
  }
  if (/extension/i.test(message) && /not found|install|autoload/i.test(message)) {
    return new UnsupportedError({ message: `DuckDB could not load an extension the query needs: ${message}`, ...options });
  }
  if (/HTTP (Error|GET|HEAD).*\b(401|403)\b|\b(401|403)\b.*(Forbidden|Unauthorized)|AccessDenied|AuthorizationFailure/i.test(message)) {
    const hint = context.credentialsHint === '' ? '' : `; DuckDB took its credentials from ${context.credentialsHint}`;
    return new PermissionDeniedError({ message: `Access denied reading ${context.location}: ${message}${hint}`, ...options });
  }
  if (/^HTTP Error|Could not establish connection|Connection (refused|reset)|timed out/i.test(message)) {
    return new StorageUnavailableError({ message: `Could not reach ${context.location}: ${message}`, ...options });
  }
  if (/No files found/i.test(message)) return new NotFoundError({ message, ...options });
  if (/^IO Error|^Invalid Error|parquet/i.test(message)) {
    return new InvalidDataError({ message: `DuckDB could not read the data: ${message}`, ...options });
  }
  return new InvalidArgumentError({ message: `The query failed: ${message}`, ...options, context: { ...options.context, argument: 'query' } });
}
