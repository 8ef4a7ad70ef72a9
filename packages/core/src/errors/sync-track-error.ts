// The root of every error synctrack throws: a stable `code`, whether a retry can help, and where it happened.
const marker = Symbol.for('synctrack.error');

export type SyncTrackErrorCode =
  | 'NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'INVALID_DATA'
  | 'INVALID_ARGUMENT'
  | 'CONFIG_INVALID'
  | 'RANGE_NOT_SATISFIABLE'
  | 'STORAGE_UNAVAILABLE'
  | 'UNSUPPORTED'
  | 'ABORTED'
  | 'ADAPTER_NOT_INSTALLED'
  | 'INTERNAL';

/** Where an error happened. Every field is optional; adapters and readers fill what they know. */
export interface SyncTrackErrorContext {
  /** Storage adapter name, e.g. `fs`, `s3`. */
  adapter?: string;
  /** Bucket, container or root directory. */
  bucket?: string;
  /** Object key relative to the adapter root. */
  key?: string;
  /** A Parquet or metadata file, as the user would name it (location + key). */
  file?: string;
  /** A run or bucket location. */
  location?: string;
  rowGroup?: number;
  /** A CLI or API argument name. */
  argument?: string;
  /** The storage operation, e.g. `read`, `list`. */
  operation?: string;
}

export interface SyncTrackErrorOptions {
  message: string;
  retryable?: boolean;
  context?: SyncTrackErrorContext;
  cause?: unknown;
}

export class SyncTrackError extends Error {
  private readonly [marker] = true;
  readonly code: SyncTrackErrorCode;
  readonly retryable: boolean;
  readonly context: SyncTrackErrorContext;

  constructor(code: SyncTrackErrorCode, options: SyncTrackErrorOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SyncTrackError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.context = options.context ?? {};
  }

  /** Works across duplicated copies of this package, unlike `instanceof`. */
  static isInstance(error: unknown): error is SyncTrackError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** A plain object for logs and JSON output. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, context: this.context };
  }
}
