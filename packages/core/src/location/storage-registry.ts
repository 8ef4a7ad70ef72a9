// Which adapter package serves which scheme, and loading it by name only when a location needs it,
// so installing @synctrack/core never pulls in a cloud SDK.
import { AdapterNotInstalledError } from '../errors/adapter-not-installed-error.js';
import type { FromLocation, StorageScheme } from './storage-location.js';

export const STORAGE_ADAPTER_PACKAGES: Readonly<Record<StorageScheme, string>> = {
  s3: '@synctrack/storage-s3',
  gs: '@synctrack/storage-gcs',
  az: '@synctrack/storage-azure',
  file: '@synctrack/storage-fs',
};

/**
 * The oldest Node major each adapter runs on (its `engines`, from its cloud SDK's): npm leaves an
 * optional adapter out of an install on an older Node, so a missing adapter there needs a newer
 * Node before `npm install` can help.
 */
const ADAPTER_NODE_MAJOR: Readonly<Partial<Record<StorageScheme, number>>> = { gs: 22, az: 22 };

/** What to do about a missing adapter: install it, or first a Node it runs on. */
function installAdvice(scheme: StorageScheme, packageName: string, nodeVersion: string): string {
  const needed = ADAPTER_NODE_MAJOR[scheme];
  if (needed !== undefined && Number(nodeVersion.split('.')[0]) < needed) {
    return `, which needs Node.js ${needed} or newer (this is Node.js ${nodeVersion}): upgrade Node.js, then npm install ${packageName}`;
  }
  return `: npm install ${packageName}`;
}

function isMissing(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown })?.code;
  const message = String((error as { message?: unknown })?.message ?? '');
  // Only the adapter package itself missing; a missing dependency inside it is a different problem.
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /cannot find (package|module)|failed to (load|resolve)/i.test(message)) &&
    message.includes(packageName);
}

/** True in core's CommonJS build, false in its ESM build, undeclared when run from source (tsup.config.ts). */
declare const __SYNCTRACK_CJS__: boolean | undefined;

/**
 * The adapter in core's own module format: `require` in the CommonJS build, so the adapter's
 * `@synctrack/core` is this copy and its errors are this copy's classes (`instanceof` holds).
 */
const defaultImport = (packageName: string): Promise<unknown> =>
  typeof __SYNCTRACK_CJS__ !== 'undefined' && __SYNCTRACK_CJS__
    ? new Promise((resolve) => resolve(require(packageName)))
    : import(/* @vite-ignore */ packageName);

/** Imports the adapter package for a scheme and returns its `fromLocation`. */
export async function loadFromLocation(
  scheme: StorageScheme,
  location: string,
  importPackage: (packageName: string) => Promise<unknown> = defaultImport,
  nodeVersion: string = process.versions.node,
): Promise<FromLocation> {
  const packageName = STORAGE_ADAPTER_PACKAGES[scheme];
  let adapterPackage: { fromLocation?: unknown };
  try {
    adapterPackage = (await importPackage(packageName)) as { fromLocation?: unknown };
  } catch (error) {
    if (!isMissing(error, packageName)) throw error;
    throw new AdapterNotInstalledError({
      message: `Reading ${location} needs the ${packageName} adapter${installAdvice(scheme, packageName, nodeVersion)}`,
      context: { location, adapter: scheme },
      cause: error,
    });
  }
  if (typeof adapterPackage?.fromLocation !== 'function') {
    throw new AdapterNotInstalledError({
      message: `The installed ${packageName} does not export fromLocation; update it to read ${location}: npm install ${packageName}@latest`,
      context: { location, adapter: scheme },
    });
  }
  return adapterPackage.fromLocation as FromLocation;
}
