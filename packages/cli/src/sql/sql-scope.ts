// Which part of the bucket a `synctrack sql` session reads: the ids the location names
// (…/sync_tracking_datasets/ORG[/SYNC[/RUN]]) and those --org and --sync name, which must agree.
import { InvalidArgumentError } from '@synctrack/core';
import type { LocationParts } from '../location/location-parts.js';
import type { Scope } from './catalog-tables.js';

export function sqlScope(parts: LocationParts, flags: { org?: string; sync?: string }): Scope {
  const [orgInPath, syncInPath, runInPath] = parts.ids;
  const agree = (inPath: string | undefined, flag: string | undefined, name: string) => {
    if (inPath !== undefined && flag !== undefined && inPath !== flag) {
      throw new InvalidArgumentError({ message: `The location names ${name} ${inPath} but --${name} says ${flag}`, context: { argument: name } });
    }
    return inPath ?? flag;
  };
  const orgId = agree(orgInPath, flags.org, 'org');
  const syncId = agree(syncInPath, flags.sync, 'sync');
  if (syncId !== undefined && orgId === undefined) {
    throw new InvalidArgumentError({ message: '--sync needs --org (sync ids are per organization)', context: { argument: 'sync' } });
  }
  for (const [name, id] of [['org', orgId], ['sync', syncId], ['run', runInPath]] as const) {
    if (id !== undefined && /[*?[\]{}/\\]/.test(id)) {
      throw new InvalidArgumentError({ message: `Invalid ${name} id ${JSON.stringify(id)}: ids hold no glob characters or slashes`, context: { argument: name } });
    }
  }
  return {
    ...(orgId === undefined ? {} : { orgId }),
    ...(syncId === undefined ? {} : { syncId }),
    ...(runInPath === undefined ? {} : { runId: runInPath }),
  };
}
