// The bucket a DDL points at, split once for every dialect: the scheme, the bucket (or container) and
// the prefix that holds `sync_tracking_datasets/` and `metadata/`.
import { isAbsolute, resolve } from 'node:path';
import { InvalidArgumentError } from '@synctrack/core';
import { FACT_TABLES_FOLDER, SYNC_TRACKING_FOLDER } from '../sql/layout-schema.js';

export type DdlScheme = 's3' | 'gs' | 'az' | 'file';

export interface DdlTarget {
  scheme: DdlScheme;
  /** Bucket or container; '' for a local path. */
  bucket: string;
  /** The path inside the bucket (or the absolute local path) to the folder holding the layout; no slashes at its ends. */
  prefix: string;
  /** The Azure storage account, for https://ACCOUNT.blob.core.windows.net URLs. */
  account?: string;
  /** As the user gave it, for the header. */
  given: string;
}

/** Parses `s3://b/p`, `gs://b/p`, `az://container/p`, `https://account.blob.core.windows.net/container/p`, or a local path. */
export function parseDdlTarget(location: string, cwd: string): DdlTarget {
  const given = location.trim();
  if (given === '') throw new InvalidArgumentError({ message: 'A bucket URL is required', context: { argument: 'bucket-url' } });
  const url = /^([a-z][a-z0-9+.-]*):\/\/([^/]*)(\/.*)?$/i.exec(given);
  if (url === null || url[1]!.toLowerCase() === 'file') {
    const path = url === null ? given : decodeURIComponent(given.replace(/^file:\/\//i, ''));
    const absolute = (isAbsolute(path) ? path : resolve(cwd, path)).replace(/\/+$/, '');
    return { scheme: 'file', bucket: '', prefix: absolute.replace(/^\/+/, ''), given };
  }
  const scheme = url[1]!.toLowerCase();
  let path = (url[3] ?? '').replace(/^\/+|\/+$/g, '');
  // A layout folder given by mistake: the tables always cover the whole bucket.
  for (const folder of [SYNC_TRACKING_FOLDER, FACT_TABLES_FOLDER]) {
    const at = `/${path}/`.indexOf(`/${folder}/`);
    if (at >= 0) path = `/${path}/`.slice(1, at).replace(/\/+$/, '');
  }
  const host = url[2]!;
  if (scheme === 's3' || scheme === 's3a') return { scheme: 's3', bucket: host, prefix: path, given };
  if (scheme === 'gs' || scheme === 'gcs') return { scheme: 'gs', bucket: host, prefix: path, given };
  if (scheme === 'az' || scheme === 'azure') return { scheme: 'az', bucket: host, prefix: path, given };
  const blob = /^([a-z0-9]+)\.blob\.core\.windows\.net$/i.exec(host);
  if (scheme === 'https' && blob !== null) {
    const [container = '', ...rest] = path.split('/');
    return { scheme: 'az', bucket: container, prefix: rest.join('/'), account: blob[1]!, given };
  }
  throw new InvalidArgumentError({
    message: `synctrack ddl takes s3://, gs://, az:// or Azure blob URLs (or a local path for duckdb and spark), not ${given}`,
    context: { argument: 'bucket-url' },
  });
}

/** The path inside the bucket to a folder of the layout, ending in `/`. */
export function keyPrefix(target: DdlTarget, folder: string): string {
  return `${target.prefix === '' ? '' : `${target.prefix}/`}${folder}/`;
}

/** A URL in the spelling most engines take: `s3://b/p/…`, `gs://…`, a local absolute path for `file`. */
export function plainUrl(target: DdlTarget, folder: string, azure: (target: DdlTarget, key: string) => string = (t, key) => `az://${t.bucket}/${key}`): string {
  const key = keyPrefix(target, folder);
  if (target.scheme === 'file') return `/${key}`;
  if (target.scheme === 'az') return azure(target, key);
  return `${target.scheme}://${target.bucket}/${key}`;
}

export function requireScheme(target: DdlTarget, engine: string, schemes: readonly DdlScheme[]): void {
  if (!schemes.includes(target.scheme)) {
    const names = schemes.map((scheme) => (scheme === 'file' ? 'a local path' : `${scheme}://`)).join(', ');
    throw new InvalidArgumentError({
      message: `${engine} reads ${names}; ${target.given} is ${target.scheme === 'file' ? 'a local path' : `a ${target.scheme}:// location`}`,
      context: { argument: 'bucket-url' },
    });
  }
}
