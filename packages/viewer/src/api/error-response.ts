// Maps the SDK's typed errors to HTTP statuses and the `{ error: { code, message } }` body the UI
// shows as a banner. Anything that is not a SyncTrackError is a bug: it is logged, and the browser
// gets a generic INTERNAL error rather than a stack trace.
import { SyncTrackError, type SyncTrackErrorCode } from '@synctrack/core';
import type { ApiErrorBody } from './api-types.js';

const HTTP_STATUS: Record<SyncTrackErrorCode, number> = {
  NOT_FOUND: 404,
  INVALID_ARGUMENT: 400,
  CONFIG_INVALID: 400,
  INVALID_DATA: 422,
  PERMISSION_DENIED: 403,
  RANGE_NOT_SATISFIABLE: 416,
  UNSUPPORTED: 501,
  STORAGE_UNAVAILABLE: 503,
  // The browser went away; nobody reads this answer.
  ABORTED: 499,
  ADAPTER_NOT_INSTALLED: 500,
  INTERNAL: 500,
};

export interface ErrorResponse {
  status: number;
  body: ApiErrorBody;
}

export function errorResponse(error: unknown, log: (error: unknown) => void = console.error): ErrorResponse {
  if (SyncTrackError.isInstance(error)) {
    return { status: HTTP_STATUS[error.code] ?? 500, body: { error: { code: error.code, message: error.message } } };
  }
  log(error);
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'The viewer failed unexpectedly; its terminal shows the details.' } } };
}
