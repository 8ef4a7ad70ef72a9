// The exit codes of `synctrack`, in one table: what each means and which SyncTrackError codes map to it.
import { SyncTrackError, type SyncTrackErrorCode } from '@synctrack/core';

export const EXIT_CODES = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  invalidData: 4,
  permission: 5,
  storageUnavailable: 6,
  unsupported: 7,
  rulesBroken: 8,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** Every error code maps to an exit code; the compiler insists when core adds a code. */
const BY_ERROR_CODE: Record<SyncTrackErrorCode, ExitCode> = {
  INVALID_ARGUMENT: EXIT_CODES.usage,
  // Adapters report missing credentials, region or account as CONFIG_INVALID; a malformed location
  // the user typed is turned into INVALID_ARGUMENT before any adapter is opened.
  CONFIG_INVALID: EXIT_CODES.permission,
  NOT_FOUND: EXIT_CODES.notFound,
  INVALID_DATA: EXIT_CODES.invalidData,
  // A range past the end of a file the footer described: the file is truncated.
  RANGE_NOT_SATISFIABLE: EXIT_CODES.invalidData,
  PERMISSION_DENIED: EXIT_CODES.permission,
  STORAGE_UNAVAILABLE: EXIT_CODES.storageUnavailable,
  UNSUPPORTED: EXIT_CODES.unsupported,
  ADAPTER_NOT_INSTALLED: EXIT_CODES.unsupported,
  ABORTED: EXIT_CODES.interrupted,
  INTERNAL: EXIT_CODES.unexpected,
};

/** The documented table, as the README and `synctrack --help` print it. */
export const EXIT_CODE_TABLE: ReadonlyArray<{ exitCode: ExitCode; meaning: string; errorCodes: SyncTrackErrorCode[] }> = [
  { exitCode: EXIT_CODES.ok, meaning: 'success (also a filter or find that matched nothing)', errorCodes: [] },
  { exitCode: EXIT_CODES.unexpected, meaning: 'unexpected error (a bug: rerun with --debug and report it)', errorCodes: ['INTERNAL'] },
  { exitCode: EXIT_CODES.usage, meaning: 'usage: bad arguments, options or location, an output file that exists, or an index directory that is a file', errorCodes: ['INVALID_ARGUMENT'] },
  { exitCode: EXIT_CODES.notFound, meaning: 'not found: no run, sync or data at the location', errorCodes: ['NOT_FOUND'] },
  { exitCode: EXIT_CODES.invalidData, meaning: 'invalid data: a corrupt or truncated file (named in the message)', errorCodes: ['INVALID_DATA', 'RANGE_NOT_SATISFIABLE'] },
  {
    exitCode: EXIT_CODES.permission,
    meaning: 'permission denied, or missing credentials or storage settings (region, account)',
    errorCodes: ['PERMISSION_DENIED', 'CONFIG_INVALID'],
  },
  { exitCode: EXIT_CODES.storageUnavailable, meaning: 'storage unavailable (network, throttling, service down)', errorCodes: ['STORAGE_UNAVAILABLE'] },
  { exitCode: EXIT_CODES.unsupported, meaning: 'unsupported: a feature or location this install cannot handle', errorCodes: ['UNSUPPORTED', 'ADAPTER_NOT_INSTALLED'] },
  { exitCode: EXIT_CODES.rulesBroken, meaning: 'a rule is broken (synctrack check): the run got worse than its rules allow', errorCodes: [] },
  { exitCode: EXIT_CODES.interrupted, meaning: 'interrupted (Ctrl-C)', errorCodes: ['ABORTED'] },
];

export function exitCodeForError(error: unknown): ExitCode {
  if (SyncTrackError.isInstance(error)) return BY_ERROR_CODE[error.code] ?? EXIT_CODES.unexpected;
  return EXIT_CODES.unexpected;
}
