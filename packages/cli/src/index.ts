export { runCli } from './run-cli.js';
export type { CliIo, CliOutputStream } from './cli-io.js';
export { EXIT_CODES, EXIT_CODE_TABLE, exitCodeForError, type ExitCode } from './exit-codes.js';
export type { OpenedStorage, StorageOpener } from './location/storage-opener.js';
export type { RecordJson } from './output/json-format.js';
