// The options each public method of the client takes, checked by name: a misspelt or unsupported
// option (`statusMesage`, `sample`'s `limit`) is an InvalidArgumentError naming it, never ignored.
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

/** `RecordQuery`'s keys: what selects records, shared by filter, filterPage, filterJsonLines and sample. */
export const QUERY_OPTIONS = [
  'outcome',
  'status',
  'operation',
  'statusMessage',
  'statusMessageTemplate',
  'identifiers',
  'batchStartedFrom',
  'batchStartedBefore',
] as const;

export const SCAN_OPTIONS = ['signal', 'onProgress'] as const;

/** What each public method takes besides its positional arguments. */
export const METHOD_OPTIONS = {
  constructor: ['storage', 'prefix', 'decodePool', 'index'],
  signalOnly: ['signal'],
  filter: [...QUERY_OPTIONS, ...SCAN_OPTIONS, 'limit', 'cursor', 'payloadFields', 'columns'],
  filterJsonLines: [...QUERY_OPTIONS, ...SCAN_OPTIONS, 'limit', 'cursor', 'payloadFields', 'columns'],
  find: [...SCAN_OPTIONS, 'index', 'columns', 'payloadFields'],
  sample: [...QUERY_OPTIONS, ...SCAN_OPTIONS, 'size', 'seed', 'columns', 'payloadFields'],
  summary: [...SCAN_OPTIONS],
  errors: [...SCAN_OPTIONS, 'templates', 'examples'],
  buildIndex: [...SCAN_OPTIONS, 'directory'],
  syncHistory: ['signal', 'limit', 'topErrors', 'onRun'],
  recordHistory: ['signal', 'index', 'onRun', 'runsStartedFrom', 'runsStartedBefore'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Throws when `options` is not an object (undefined and null stand for none) or holds a key `method`
 * does not take, whatever its value: `{ statusMesage: undefined }` is as much a typo as any.
 */
export function checkOptions(options: unknown, allowed: readonly string[], method: string): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgumentError({ message: `The options of ${method} must be an object, got ${Array.isArray(options) ? 'an array' : typeof options}`, context: { argument: 'options' } });
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new InvalidArgumentError({
        message: `Unknown option ${JSON.stringify(key)} for ${method}: it takes ${allowed.join(', ')}`,
        context: { argument: key },
      });
    }
  }
}
