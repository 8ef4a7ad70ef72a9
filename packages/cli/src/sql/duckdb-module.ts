// Loads @duckdb/node-api, an optional dependency only `synctrack sql` (and its tests) use: a missing or
// broken install is one typed line (exit code 7) that says what to install, never a module stack.
import { AdapterNotInstalledError } from '@synctrack/core';

export type DuckDbModule = typeof import('@duckdb/node-api');

/** How the module is imported; tests inject one that fails. */
export type DuckDbImporter = () => Promise<DuckDbModule>;

export const DUCKDB_PACKAGE = '@duckdb/node-api';

/** Where the module is loaded from: the package, or SYNCTRACK_DUCKDB_MODULE (a path or package name) when set. */
export function duckDbImporterFor(env: NodeJS.ProcessEnv): DuckDbImporter {
  const specifier: string = env.SYNCTRACK_DUCKDB_MODULE || DUCKDB_PACKAGE;
  return () => import(/* @vite-ignore */ specifier) as Promise<DuckDbModule>;
}

export async function loadDuckDb(importer: DuckDbImporter = duckDbImporterFor({})): Promise<DuckDbModule> {
  try {
    const module = await importer();
    if (typeof module?.DuckDBInstance?.create !== 'function') throw new Error(`${DUCKDB_PACKAGE} has no DuckDBInstance`);
    return module;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AdapterNotInstalledError({
      message: `synctrack sql runs your query with DuckDB: install ${DUCKDB_PACKAGE} (npm install ${DUCKDB_PACKAGE} next to @synctrack/cli, or npm install --global ${DUCKDB_PACKAGE} for a global install); it could not be loaded: ${reason}`,
      context: { argument: 'sql', adapter: 'duckdb' },
      cause: error,
    });
  }
}
