import { describe, expect, test } from 'vitest';
import { emptyGroupList } from '../scan/group-list.js';
import { hashString } from '../scan/key-table.js';
import { compareErrorGroups, MessageCounts } from './compare-errors.js';

/** A row group's message groups as a decode worker sends them, each with the hash given. */
function groups(entries: Array<[string | null, number, number]>) {
  const list = emptyGroupList(1);
  for (const [key, count] of entries) {
    list.keys.push(key);
    list.counts.push(count);
    list.exampleEnds.push(0);
  }
  list.keyHashes = Int32Array.from(entries.map(([, , hash]) => hash));
  return list;
}

describe('compareErrorGroups', () => {
  test('merges both runs by message, largest change first, new ones marked', () => {
    const counts = new MessageCounts();
    const base = groups([['Rate limit', 5, hashString('Rate limit')], [null, 1, 0]]);
    const head = groups([['Rate limit', 2, hashString('Rate limit')], ['Bad email', 4, hashString('Bad email')]]);
    for (let group = 0; group < 2; group++) counts.add(base, group, 'base', base.counts[group]!);
    for (let group = 0; group < 2; group++) counts.add(head, group, 'head', head.counts[group]!);
    expect(compareErrorGroups(counts, false)).toEqual([
      { statusMessage: 'Bad email', base: 0, head: 4, change: 4, new: true },
      { statusMessage: 'Rate limit', base: 5, head: 2, change: -3, new: false },
      { statusMessage: null, base: 1, head: 0, change: -1, new: false },
    ]);
  });

  test('messages whose bytes differ but read as one string (invalid UTF-8) are one group', () => {
    // Two invalid byte sequences both decode to "bad \uFFFD": their hashes (of the bytes) differ.
    const counts = new MessageCounts();
    const base = groups([['bad \uFFFD', 2, 11]]);
    const head = groups([['bad \uFFFD', 3, 12]]);
    counts.add(base, 0, 'base', 2);
    counts.add(head, 0, 'head', 3);
    expect(compareErrorGroups(counts, false)).toEqual([{ statusMessage: 'bad \uFFFD', base: 2, head: 3, change: 1, new: false }]);
    expect(compareErrorGroups(counts, true)).toEqual([{ statusMessage: 'bad \uFFFD', base: 2, head: 3, change: 1, new: false, messages: 1 }]);
  });

  test('so are messages that read alike without a U+FFFD (a leading byte-order mark is dropped in decoding)', () => {
    // "\uFEFFRate limit" and "Rate limit" both decode to "Rate limit": their bytes' hashes differ.
    const counts = new MessageCounts();
    const base = groups([['Rate limit', 2, hashString('Rate limit')]]);
    const head = groups([['Rate limit', 5, hashString('\uFEFFRate limit')]]);
    counts.add(base, 0, 'base', 2);
    counts.add(head, 0, 'head', 5);
    expect(compareErrorGroups(counts, false)).toEqual([{ statusMessage: 'Rate limit', base: 2, head: 5, change: 3, new: false }]);
  });

  test('many messages, three of which read alike and two of which are null, make one group each', () => {
    // Read-alike messages arrive under hashes of their own bytes (here: made up), among 3,000 others.
    const counts = new MessageCounts();
    const entries: Array<[string | null, number, number]> = [];
    for (let at = 0; at < 3000; at++) entries.push([`Contact ${at} not found`, 1, hashString(`Contact ${at} not found`)]);
    entries.push(['Rate limit', 2, 11], [null, 3, 0], ['Rate limit', 4, 12], ['Rate limit', 8, 13]);
    const base = groups(entries);
    for (let group = 0; group < entries.length; group++) counts.add(base, group, 'base', entries[group]![1]);
    counts.add(groups([[null, 5, 0]]), 0, 'head', 5);
    const changes = compareErrorGroups(counts, false);
    expect(changes).toHaveLength(3002);
    expect(changes.slice(0, 2)).toEqual([
      { statusMessage: 'Rate limit', base: 14, head: 0, change: -14, new: false },
      { statusMessage: null, base: 3, head: 5, change: 2, new: false },
    ]);
    expect(changes.filter((change) => change.statusMessage === 'Contact 2999 not found')).toEqual([{ statusMessage: 'Contact 2999 not found', base: 1, head: 0, change: -1, new: false }]);
  });
});

