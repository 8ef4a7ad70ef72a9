import { describe, expect, test } from 'vitest';
import { keyBytesList as groups } from '../scan/group-list-fixtures.js';
import { compareErrorGroups, MessageCounts } from './compare-errors.js';

const encoder = new TextEncoder();

describe('compareErrorGroups', () => {
  test('merges both runs by message, largest change first, new ones marked', () => {
    const counts = new MessageCounts();
    counts.add(groups([['Rate limit', 5], [null, 1]]), 'base');
    counts.add(groups([['Rate limit', 2], ['Bad email', 4]]), 'head');
    expect(compareErrorGroups(counts, false)).toEqual([
      { statusMessage: 'Bad email', base: 0, head: 4, change: 4, new: true },
      { statusMessage: 'Rate limit', base: 5, head: 2, change: -3, new: false },
      { statusMessage: null, base: 1, head: 0, change: -1, new: false },
    ]);
  });

  test('messages whose bytes differ but read as one string (invalid UTF-8) are one group', () => {
    // Two invalid byte sequences that both decode to "bad \uFFFD".
    const counts = new MessageCounts();
    counts.add(groups([[Uint8Array.of(0x62, 0x61, 0x64, 0x20, 0xff), 2]]), 'base');
    counts.add(groups([[Uint8Array.of(0x62, 0x61, 0x64, 0x20, 0xc3), 3]]), 'head');
    expect(compareErrorGroups(counts, false)).toEqual([{ statusMessage: 'bad \uFFFD', base: 2, head: 3, change: 1, new: false }]);
    expect(compareErrorGroups(counts, true)).toEqual([{ statusMessage: 'bad \uFFFD', base: 2, head: 3, change: 1, new: false, messages: 1 }]);
  });

  test('so are messages that read alike without a U+FFFD (a leading byte-order mark is dropped in decoding)', () => {
    const counts = new MessageCounts();
    counts.add(groups([['Rate limit', 2]]), 'base');
    counts.add(groups([[encoder.encode('\uFEFFRate limit'), 5]]), 'head');
    expect(compareErrorGroups(counts, false)).toEqual([{ statusMessage: 'Rate limit', base: 2, head: 5, change: 3, new: false }]);
  });

  test('many messages, three of which read alike and two of which are null, make one group each', () => {
    const counts = new MessageCounts();
    const entries: Array<[string | null | Uint8Array, number]> = [];
    for (let at = 0; at < 3000; at++) entries.push([`Contact ${at} not found`, 1]);
    entries.push(['Rate limit', 2], [null, 3], [encoder.encode('\uFEFFRate limit'), 4], ['Rate limit', 8]);
    counts.add(groups(entries), 'base');
    counts.add(groups([[null, 5]]), 'head');
    const changes = compareErrorGroups(counts, false);
    expect(changes).toHaveLength(3002);
    expect(changes.slice(0, 2)).toEqual([
      { statusMessage: 'Rate limit', base: 14, head: 0, change: -14, new: false },
      { statusMessage: null, base: 3, head: 5, change: 2, new: false },
    ]);
    expect(changes.filter((change) => change.statusMessage === 'Contact 2999 not found')).toEqual([{ statusMessage: 'Contact 2999 not found', base: 1, head: 0, change: -1, new: false }]);
  });
});
