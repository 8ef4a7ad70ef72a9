import { describe, expect, it } from 'vitest';
import { cursorOf, formatOf, identifierOf, integerOf, recordQueryOf, runIdsOf, validId } from './request-params.js';

describe('validId', () => {
  it.each(['1', '42', '1002', 'org_a', 'run-2026-11-23', 'a.b', 'x:y@z+1=2~'])('accepts %s', (id) => {
    expect(validId(id, 'runId')).toBe(id);
  });

  it.each(['', '.', '..', '.hidden', 'a/b', 'a\\b', '../x', 'a..b', 'a b', 'a%2Fb', 'a\u0000b', '<script>', 'x'.repeat(201)])('refuses %j', (id) => {
    expect(() => validId(id, 'runId')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', context: { argument: 'runId' } }));
  });

  it('refuses a missing id', () => {
    expect(() => runIdsOf({ org: '1', sync: '2' })).toThrow(/runId/);
  });
});

describe('query parameters', () => {
  const search = (text: string) => new URLSearchParams(text);

  it('reads the tab and the exact message; all means no outcome', () => {
    expect(recordQueryOf(search('outcome=rejected&message=a%20b'))).toEqual({ outcome: 'rejected', statusMessage: 'a b' });
    expect(recordQueryOf(search('outcome=all'))).toEqual({});
    expect(recordQueryOf(search('message='))).toEqual({ statusMessage: '' });
    expect(() => recordQueryOf(search('outcome=failed'))).toThrow(/Unknown outcome/);
  });

  it('reads integers within bounds', () => {
    expect(integerOf(search(''), 'limit', 50, 200)).toBe(50);
    expect(integerOf(search('limit=200'), 'limit', 50, 200)).toBe(200);
    for (const bad of ['0', '201', '-1', '1.5', '1e3', 'ten']) {
      expect(() => integerOf(search(`limit=${bad}`), 'limit', 50, 200)).toThrow(/limit must be an integer from 1 to 200/);
    }
  });

  it('treats empty search and cursor as absent, and refuses very long text', () => {
    expect(identifierOf(search('identifier='))).toBeUndefined();
    expect(cursorOf(search('cursor='))).toBeUndefined();
    expect(() => identifierOf(search(`identifier=${'x'.repeat(5000)}`))).toThrow(/longer than/);
  });

  it('knows two download formats', () => {
    expect(formatOf(search(''))).toBe('csv');
    expect(formatOf(search('format=jsonl'))).toBe('jsonl');
    expect(() => formatOf(search('format=xlsx'))).toThrow(/csv or jsonl/);
  });
});
