// Splits what the user typed into the storage root and the path inside the Census layout, for local
// paths, file:// URLs and cloud URLs alike: `s3://b/x/sync_tracking_datasets/1/2/3` becomes the root
// `s3://b/x` and the segments `1`, `2`, `3`.
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvalidArgumentError } from '@synctrack/core';
import { SYNC_TRACKING_FOLDER } from '@synctrack/core/internal';

export interface LocationParts {
  /** The location as given, normalised: an absolute path, or a URL without trailing slashes. */
  location: string;
  /** Everything before `sync_tracking_datasets`, or the whole location when it has no such segment. */
  root: string;
  /** Whether the location names `sync_tracking_datasets` or something below it. */
  inLayout: boolean;
  /** The ids after `sync_tracking_datasets`: [org], [org, sync] or [org, sync, run] (more are kept). */
  ids: string[];
  /** Whether the location is a URL (`s3://…`) rather than a local path. */
  remote: boolean;
}

const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

export function urlScheme(location: string): string | null {
  return URL_SCHEME.exec(location)?.[1]?.toLowerCase() ?? null;
}

function normalise(location: string, cwd: string): { location: string; remote: boolean } {
  const scheme = urlScheme(location);
  if (scheme === 'file') {
    let path: string;
    try {
      path = fileURLToPath(location);
    } catch (error) {
      throw new InvalidArgumentError({
        message: `${location} is not a valid file:// URL: ${(error as Error).message}`,
        context: { argument: 'location', location },
        cause: error,
      });
    }
    return { location: stripTrailingSlashes(path), remote: false };
  }
  if (scheme !== null) return { location: stripTrailingSlashes(location), remote: true };
  // `~` as a shell would expand it, for a location it did not (quoted, after `--flag=`, from a script).
  const path = /^~([/\\]|$)/.test(location) ? join(homedir(), location.slice(1)) : location;
  return { location: stripTrailingSlashes(isAbsolute(path) ? resolve(path) : resolve(cwd, path)), remote: false };
}

function stripTrailingSlashes(text: string): string {
  const stripped = text.replace(/\/+$/, '');
  return stripped === '' || /^[a-z][a-z0-9+.-]*:\/?$/i.test(stripped) ? text : stripped;
}

export function splitLocation(input: string, cwd: string): LocationParts {
  if (typeof input !== 'string' || input.trim() === '') {
    throw new InvalidArgumentError({ message: 'A location is required: a local path or a URL', context: { argument: 'location' } });
  }
  const { location, remote } = normalise(input.trim(), cwd);
  // For a URL the scheme and host are never a layout segment.
  const head = remote ? (/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(location)?.[0] ?? '') : '';
  const segments = location.slice(head.length).split('/');
  const at = segments.lastIndexOf(SYNC_TRACKING_FOLDER);
  if (at < 0) return { location, root: location, inLayout: false, ids: [], remote };
  const before = segments.slice(0, at).join('/');
  const root = head + (before === '' && !remote ? '/' : before);
  return { location, root, inLayout: true, ids: segments.slice(at + 1).filter((segment) => segment !== ''), remote };
}
