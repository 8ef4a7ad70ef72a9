// The location registry's entry point: a location string in, the right adapter (loaded lazily)
// and the key prefix inside it out.
import { parseLocation } from './parse-location.js';
import type { ResolveStorageOptions, ResolvedStorage } from './storage-location.js';
import { loadFromLocation } from './storage-registry.js';

export async function resolveStorage(location: string, options: ResolveStorageOptions = {}): Promise<ResolvedStorage> {
  const parsed = parseLocation(location);
  const fromLocation = await loadFromLocation(parsed.scheme, location, options.importPackage);
  const { importPackage: _unused, ...adapterSettings } = options;
  const storage = await fromLocation(parsed, adapterSettings);
  return { storage, prefix: parsed.prefix, location: parsed };
}
