import { describe, expect, it } from 'vitest';
import {
  factTableOf,
  normalizePrefix,
  parseRecordFileName,
  recordFileName,
  runIdsFromPrefix,
  runPrefix,
} from './sync-tracking-layout.js';

describe('record file names', () => {
  it.each([
    ['records_updated.0.parquet', { batchType: 'records_updated', batchNumber: 0 }],
    ['records_updated.12.parquet', { batchType: 'records_updated', batchNumber: 12 }],
    ['records_updated.parquet', { batchType: 'records_updated', batchNumber: null }],
    ['records-deleted.3.parquet', { batchType: 'records-deleted', batchNumber: 3 }],
  ])('%s', (name, expected) => {
    expect(parseRecordFileName(name)).toEqual(expected);
  });

  it.each(['metadata.json', 'records.0.parquet.tmp', '.records.0.parquet', 'a b.0.parquet', '_SUCCESS', 'x.parquet.crc'])(
    'ignores %s',
    (name) => {
      expect(parseRecordFileName(name)).toBeNull();
    },
  );

  it('round-trips names it writes', () => {
    expect(parseRecordFileName(recordFileName('records_updated', 7))).toEqual({ batchType: 'records_updated', batchNumber: 7 });
    expect(() => recordFileName('../evil', 1)).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('prefixes', () => {
  it('normalises user prefixes', () => {
    expect(normalizePrefix(undefined)).toBe('');
    expect(normalizePrefix('/')).toBe('');
    expect(normalizePrefix('exports')).toBe('exports/');
    expect(normalizePrefix('/exports/census//')).toBe('exports/census/');
  });

  it('builds and parses run folders', () => {
    const folder = runPrefix('exports', { orgId: '1', syncId: '2', runId: '3' });
    expect(folder).toBe('exports/sync_tracking_datasets/1/2/3/');
    expect(runIdsFromPrefix(folder)).toEqual({ orgId: '1', syncId: '2', runId: '3' });
    expect(runIdsFromPrefix('exports/sync_tracking_datasets/1/2/')).toBeNull();
  });

  it('refuses ids that would escape the layout', () => {
    expect(() => runPrefix('', { orgId: '1', syncId: '..', runId: '3' })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => runPrefix('', { orgId: '1/2', syncId: '2', runId: '3' })).toThrowError(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('recognises fact table files', () => {
    expect(factTableOf('source_objects.parquet')).toBe('source_objects');
    expect(factTableOf('destination_objects.0.parquet')).toBe('destination_objects');
    expect(factTableOf('destinations.parquet')).toBe('destinations');
    expect(factTableOf('destinations.csv')).toBeNull();
  });
});
