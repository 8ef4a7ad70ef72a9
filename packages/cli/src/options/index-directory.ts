// Where local indexes live for this invocation: `--index-dir`, else `$SYNCTRACK_INDEX_DIR`, else
// `$XDG_CACHE_HOME/synctrack/index`, else `~/.cache/synctrack/index`. Core's `defaultIndexDirectory()`
// follows the same order but reads `process.env`; the CLI reads its own `env` (runCli's `io.env`), so
// embedders and tests never touch the user's cache by accident.
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, PermissionDeniedError } from '@synctrack/core';

export interface IndexDirectoryOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The directory and what named it (for messages). */
function pickDirectory(option: string | undefined, { cwd, env }: IndexDirectoryOptions): { directory: string; source: string } {
  if (option !== undefined) return { directory: resolve(cwd, option), source: '--index-dir' };
  if (env.SYNCTRACK_INDEX_DIR) return { directory: resolve(cwd, env.SYNCTRACK_INDEX_DIR), source: 'SYNCTRACK_INDEX_DIR' };
  const cache = env.XDG_CACHE_HOME ? resolve(cwd, env.XDG_CACHE_HOME) : join(homedir(), '.cache');
  return { directory: join(cache, 'synctrack', 'index'), source: env.XDG_CACHE_HOME ? 'XDG_CACHE_HOME' : 'the default index directory' };
}

/** The index directory, without creating it: where indexes already built would be (`history` looks there). */
export function indexDirectoryPath(options: IndexDirectoryOptions): string {
  return pickDirectory(undefined, options).directory;
}

/**
 * Resolves the index directory and creates it, so that a path that is a file or cannot be written is
 * a one-line error naming it (exit 2 or 5) before any scan starts, never a raw fs error.
 */
export async function resolveIndexDirectory(option: string | undefined, options: IndexDirectoryOptions): Promise<string> {
  if (option !== undefined && option.trim() === '') {
    throw new InvalidArgumentError({ message: '--index-dir needs a directory', context: { argument: 'index-dir' } });
  }
  const { directory, source } = pickDirectory(option, options);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const context = { argument: 'index-dir', path: directory };
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new PermissionDeniedError({ message: `Cannot create the index directory ${directory} (${source}): permission denied`, context, cause: error });
    }
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? 'it is a file, or inside one' : ((error as Error).message ?? String(error));
    throw new InvalidArgumentError({ message: `The index directory ${directory} (${source}) cannot be used: ${why}`, context, cause: error });
  }
  return directory;
}
