import { InvalidArgumentError as UsageError } from 'commander';
import { describe, expect, it } from 'vitest';
import { collectList, positiveInteger, timestamp, wholeNumber } from './option-parsers.js';
import { toRecordQuery } from './record-query-options.js';
import { collectStatus, toStatusFilter } from './status-filter.js';

describe('--status', () => {
  it('takes outcomes and raw statuses, any case, repeated or comma-separated', () => {
    expect(toStatusFilter(collectStatus('rejected', undefined))).toEqual({ outcome: ['rejected'] });
    expect(toStatusFilter(collectStatus('success,INVALID', undefined))).toEqual({ outcome: ['success', 'invalid'] });
    expect(toStatusFilter(collectStatus('null', collectStatus('duplicate', undefined)))).toEqual({ status: ['DUPLICATE', 'NULL'] });
    expect(toStatusFilter(collectStatus('succeeded', undefined))).toEqual({ status: ['succeeded'] });
    expect(toStatusFilter(undefined)).toEqual({});
  });

  it('refuses unknown values at parse time and mixtures when the query is built', () => {
    expect(() => collectStatus('failed', undefined)).toThrow(UsageError);
    expect(() => collectStatus(',', undefined)).toThrow(UsageError);
    expect(() => toStatusFilter(['rejected', 'NULL'])).toThrow(/not both/);
  });
});

describe('option parsers', () => {
  it('positiveInteger', () => {
    expect(positiveInteger('25')).toBe(25);
    for (const bad of ['0', '-1', '1.5', 'ten', '', '1e3', '99999999999999999999']) expect(() => positiveInteger(bad)).toThrow(UsageError);
  });

  it('wholeNumber (--seed)', () => {
    expect(wholeNumber('0')).toBe(0);
    expect(wholeNumber(' 7 ')).toBe(7);
    for (const bad of ['abc', '-1', '1.5', '', '7a', '99999999999999999999']) expect(() => wholeNumber(bad)).toThrow(UsageError);
  });

  it('collectList', () => {
    expect(collectList('a, b', ['x'])).toEqual(['x', 'a', 'b']);
    expect(() => collectList(' , ', undefined)).toThrow(UsageError);
  });

  it('timestamp: UTC unless a zone is given', () => {
    expect(timestamp('2026-11-23').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(timestamp('2026-11-23T06:30').toISOString()).toBe('2026-11-23T06:30:00.000Z');
    expect(timestamp('2026-11-23 06:30:15').toISOString()).toBe('2026-11-23T06:30:15.000Z');
    expect(timestamp('2026-11-23T06:30:00+02:00').toISOString()).toBe('2026-11-23T04:30:00.000Z');
    for (const bad of ['yesterday', '2026-13-01', '23/11/2026']) expect(() => timestamp(bad)).toThrow(UsageError);
  });

  it('toRecordQuery maps the flags to core’s RecordQuery', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    expect(toRecordQuery({ status: ['rejected'], operation: ['upsert'], message: /x/, identifier: ['1'], since, until: since })).toEqual({
      outcome: ['rejected'],
      operation: ['upsert'],
      statusMessage: /x/,
      identifiers: ['1'],
      batchStartedFrom: since,
      batchStartedBefore: since,
    });
    expect(toRecordQuery({})).toEqual({});
  });
});
