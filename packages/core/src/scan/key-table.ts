// The distinct keys of a one-column grouping (error messages), merged across row groups, counted
// and ordered on the calling thread. A decode worker sends a row group's keys as UTF-8 bytes
// (`GroupList.keyBytes`), not strings; they are looked up by their bytes in a hash table of a small
// WebAssembly module of ours (parquet/byte-table-wasm), and decoded only when asked. A Map
// of fresh strings, a row group's 5,500 messages each time, cost errors on 10k distinct messages
// ~45 ms a call of the thread the workers wait on, and each worker sorted and sent the strings.
// The bytes are the module's (parquet/byte-table.ts); the groups, their texts and order are here.
//
// A group is a text: keys whose bytes differ yet read alike (invalid UTF-8 reads as U+FFFD, a
// leading byte-order mark is dropped) are one group. Such keys are rare; once one is seen, new keys
// are also looked up by their text.
import { ByteTable } from '../parquet/byte-table.js';
import { asciiText, decodeUtf8 } from '../parquet/utf8-access.js';
import { groupCount, type GroupList, type KeyBytes } from './group-list.js';

const encoder = new TextEncoder();

export class KeyTable {
  private readonly bytes = new ByteTable();
  /** Group of each key (keys of one text share one). */
  private groupOf = new Int32Array(512);
  /** Each group's first key: its text is what the key's bytes read as. */
  private readonly keyOf: number[] = [];
  private nullGroup = -1;
  /**
   * Once a key whose bytes are not its text's own has been seen: each group's text, and groups by
   * text. Until then the texts are the table's bytes, decoded when asked (two 10M-record runs' 267k
   * messages held as strings too raised compareRuns' peak by ~20 MB).
   */
  private textOf: Array<string | null> | null = null;
  private byText: Map<string | null, number> | null = null;

  /** Distinct keys (groups) so far, numbered 0 to size - 1 in the order first seen. */
  get size(): number {
    return this.keyOf.length;
  }

  /** Group `group`'s key. */
  text(group: number): string | null {
    return this.textOf !== null ? this.textOf[group]! : this.bytes.text(this.keyOf[group]!);
  }

  /** Every group's key, decoded at once. */
  texts(): Array<string | null> {
    if (this.textOf !== null) return this.textOf.slice();
    const keyTexts = this.bytes.texts();
    return this.keyOf.map((key) => keyTexts[key]!);
  }

  /** The group of each of `list`'s keys; a new key is a new group, numbered next. */
  add(list: GroupList): Int32Array {
    const n = groupCount(list);
    const keys = list.keyBytes ?? encodeKeys(list);
    const interned = this.bytes.intern(keys.bytes, keys.starts, keys.lengths, n, keys.hashes);
    const { before, added } = interned;
    const out = interned.out.slice();
    const after = this.bytes.count;
    let texts: Array<string | null> | null = null;
    if (after > before) texts = this.newKeys(list, keys, out, before, after, added);
    // Groups are numbered in the order first seen.
    for (let group = 0; group < n; group++) {
      const key = out[group]!;
      if (key < 0) {
        out[group] = this.nullGroupIndex();
        continue;
      }
      if (key >= before && this.groupOf[key]! < 0) {
        // Without texts (every key reads as itself) there is no byText either.
        const text = texts === null ? null : texts[key - before]!;
        this.groupOf[key] = this.byText?.get(text) ?? this.newGroup(text, key);
      }
      out[group] = this.groupOf[key]!;
    }
    return out;
  }

  /** Groups in order of `counts` (per group; descending), then text (UTF-16 code units), null last. */
  order(counts: ArrayLike<number>): Int32Array {
    const groups = this.size;
    if (this.byText !== null) {
      const order = Int32Array.from({ length: groups }, (_, group) => group);
      const texts = this.textOf!;
      return order.sort((a, b) => counts[b]! - counts[a]! || compareTexts(texts[a]!, texts[b]!));
    }
    // By count, each count's keys in a stretch of their own (the null key last in its stretch),
    // then each stretch by the keys' bytes in the module: every group is one key, whose bytes are
    // its text's UTF-8.
    const sizes = new Map<number, number>();
    for (let group = 0; group < groups; group++) sizes.set(counts[group]!, (sizes.get(counts[group]!) ?? 0) + 1);
    const stretches = [...sizes.keys()].sort((a, b) => b - a);
    const next = new Map<number, number>();
    let start = 0;
    for (const count of stretches) {
      next.set(count, start);
      start += sizes.get(count)!;
    }
    const keys = new Int32Array(groups);
    for (let group = 0; group < groups; group++) {
      if (group === this.nullGroup) continue;
      const count = counts[group]!;
      const at = next.get(count)!;
      keys[at] = this.keyOf[group]!;
      next.set(count, at + 1);
    }
    if (this.nullGroup >= 0) keys[next.get(counts[this.nullGroup]!)!] = this.keyOf[this.nullGroup]!;
    const ranges: number[] = [];
    start = 0;
    for (const count of stretches) {
      ranges.push(start, sizes.get(count)! - (this.nullGroup >= 0 && counts[this.nullGroup] === count ? 1 : 0));
      start += sizes.get(count)!;
    }
    this.bytes.sortStretches(keys, ranges);
    for (let at = 0; at < groups; at++) keys[at] = this.groupOf[keys[at]!]!;
    return keys;
  }

  /**
   * Keys before to after - 1 are new, in no group yet. Their texts when groups go by text (null
   * while every key reads as itself): from now on, once one does not. Their bytes were appended
   * to the arena in input order (`added`).
   */
  private newKeys(list: GroupList, keys: KeyBytes, out: Int32Array, before: number, after: number, added: Uint8Array): Array<string | null> | null {
    this.roomForKeys(after);
    this.groupOf.fill(-1, before, after);
    const fromString = list.keyBytes === undefined;
    // ASCII keys (most messages) are told in one call, and read as themselves.
    const ascii = fromString ? null : asciiText(added);
    if (ascii !== null && this.byText === null) return null;
    // New keys were numbered in input order.
    const texts: Array<string | null> = [];
    let offset = 0;
    for (let group = 0; group < out.length && before + texts.length < after; group++) {
      if (out[group] !== before + texts.length) continue;
      const from = keys.starts[group]!;
      const length = keys.lengths[group]!;
      let text: string | null;
      if (fromString) text = list.keys[group]!;
      else if (ascii !== null) text = ascii.slice(offset, offset + length);
      else text = decodeUtf8(keys.bytes, from, from + length);
      offset += length;
      if (this.byText === null && ascii === null && !readsAsItself(text!, keys.bytes, from, fromString)) this.byTexts();
      texts.push(text);
    }
    return this.byText === null ? null : texts;
  }

  /** Groups go by text from now on. */
  private byTexts(): void {
    this.textOf = this.texts();
    this.byText = new Map(this.textOf.map((text, group) => [text, group]));
  }

  private newGroup(text: string | null, key: number): number {
    const group = this.keyOf.length;
    this.keyOf.push(key);
    if (this.textOf !== null) {
      this.textOf.push(text);
      this.byText!.set(text, group);
    }
    return group;
  }

  /** `groupOf` with room for `keys` keys. */
  private roomForKeys(keys: number): void {
    if (this.groupOf.length >= keys) return;
    const grown = new Int32Array(Math.max(keys, this.groupOf.length * 2));
    grown.set(this.groupOf);
    this.groupOf = grown;
  }

  /** The null key's group: a key of its own (parquet/byte-table.ts, `addNull`). */
  private nullGroupIndex(): number {
    if (this.nullGroup >= 0) return this.nullGroup;
    const known = this.byText?.get(null);
    if (known !== undefined) return (this.nullGroup = known);
    const key = this.bytes.addNull();
    this.roomForKeys(key + 1);
    this.nullGroup = this.newGroup(null, key);
    this.groupOf[key] = this.nullGroup;
    return this.nullGroup;
  }
}

/** A list's string keys as UTF-8 bytes, laid out as `GroupList.keyBytes`. */
function encodeKeys(list: GroupList): KeyBytes {
  const n = groupCount(list);
  let most = 0;
  for (let group = 0; group < n; group++) most += 3 * (list.keys[group * list.width]?.length ?? 0);
  const bytes = new Uint8Array(most);
  const starts = new Int32Array(n);
  const lengths = new Int32Array(n);
  let at = 0;
  for (let group = 0; group < n; group++) {
    const key = list.keys[group * list.width]!;
    starts[group] = at;
    lengths[group] = key === null ? -1 : encoder.encodeInto(key, bytes.subarray(at)).written;
    at += Math.max(0, lengths[group]!);
  }
  return { bytes, starts, lengths };
}

/**
 * Whether the key's text is what its bytes read as and no other bytes read as it: valid UTF-8
 * without a leading byte-order mark, and no U+FFFD (which invalid bytes also read as). A string
 * key (the general path) is encoded: well-formed and not starting with U+FEFF.
 */
function readsAsItself(text: string, input: Uint8Array, from: number, fromString: boolean): boolean {
  if (text.includes('\uFFFD')) return false;
  if (fromString) return !LONE_SURROGATE.test(text) && text.charCodeAt(0) !== 0xfeff;
  return !(input[from] === 0xef && input[from + 1] === 0xbb && input[from + 2] === 0xbf);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Texts (messages) in UTF-16 code unit order, null last: the order of ties in `order`, and in the questions' own sorts. */
export function compareTexts(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

