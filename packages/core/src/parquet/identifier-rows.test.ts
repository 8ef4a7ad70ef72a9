import { describe, expect, it } from 'vitest';
import type { ChunkLayout } from './chunk-layout.js';
import { identifierRows, MAX_MATCHED_IDENTIFIERS } from './identifier-rows.js';
import { PageDecodeError, type PageBody } from './page-decoder.js';

const LAYOUT: ChunkLayout = { column: 'identifier', start: 0, end: 0, codec: 'UNCOMPRESSED', kind: 'text', maxDefinitionLevel: 1, numValues: 0, valueEncodings: ['PLAIN'] };

/** Definition levels as one bit-packed run of width 1 (1 = a value). */
function levels(values: Array<string | null>): Buffer {
  const groups = Math.ceil(values.length / 8);
  const bits = Buffer.alloc(groups);
  values.forEach((value, index) => {
    if (value !== null) bits[index >> 3]! |= 1 << (index & 7);
  });
  return Buffer.concat([Buffer.from([(groups << 1) | 1]), bits]);
}

function plainValues(values: Array<string | null>): Buffer {
  return Buffer.concat(
    values.filter((value) => value !== null).map((value) => {
      const bytes = Buffer.from(value!);
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return Buffer.concat([length, bytes]);
    }),
  );
}

/** A v1 data page: 4-byte length of its levels, the levels, the values. */
function pageV1(values: Array<string | null>, encoding = 'PLAIN'): PageBody {
  const defined = levels(values);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(defined.length);
  const header = { type: 'DATA_PAGE', data_page_header: { num_values: values.length, encoding, definition_level_encoding: 'RLE' } };
  return { header: header as unknown as PageBody['header'], body: new Uint8Array(Buffer.concat([length, defined, plainValues(values)])), valuesAt: 0 };
}

/** A v2 data page: levels (their length in the header), then the values. */
function pageV2(values: Array<string | null>): PageBody {
  const defined = levels(values);
  const header = {
    type: 'DATA_PAGE_V2',
    data_page_header_v2: { num_values: values.length, encoding: 'PLAIN', definition_levels_byte_length: defined.length, repetition_levels_byte_length: 0 },
  };
  return { header: header as unknown as PageBody['header'], body: new Uint8Array(Buffer.concat([defined, plainValues(values)])), valuesAt: defined.length };
}

describe('identifierRows', () => {
  const first: Array<string | null> = ['c-1', null, 'c-22', 'émile', null, 'c-1', 'x\u0003\u0000\u0000\u0000c-1'];
  const second: Array<string | null> = [null, 'c-22', 'c-3', 'c-1'];
  const pages = [pageV1(first), pageV2(second)];
  const rows = first.length + second.length;

  it('finds each row holding one of the identifiers, across pages and past nulls', () => {
    expect(identifierRows(LAYOUT, pages, rows, ['c-1'])).toEqual([0, 5, 10]);
    expect(identifierRows(LAYOUT, pages, rows, ['c-22', 'émile'])).toEqual([2, 3, 8]);
    expect(identifierRows(LAYOUT, pages, rows, ['c-1', 'c-1'])).toEqual([0, 5, 10]);
  });

  it('does not take the bytes of a value inside another, or a prefix, for a match', () => {
    expect(identifierRows(LAYOUT, pages, rows, ['c-2', 'c', 'c-11', ''])).toEqual([]);
    expect(identifierRows(LAYOUT, [pageV1(['x\u0003\u0000\u0000\u0000c-9'])], 1, ['c-9'])).toEqual([]);
  });

  it('leaves dictionaries, other encodings, times and long lists to decoding', () => {
    const dictionary = { header: { type: 'DICTIONARY_PAGE', dictionary_page_header: { num_values: 1, encoding: 'PLAIN' } }, body: new Uint8Array(0), valuesAt: 0 };
    expect(identifierRows(LAYOUT, [dictionary as unknown as PageBody, ...pages], rows, ['c-1'])).toBeNull();
    expect(identifierRows(LAYOUT, [pageV1(['a'], 'DELTA_BYTE_ARRAY')], 1, ['a'])).toBeNull();
    expect(identifierRows({ ...LAYOUT, kind: 'time', timeUnit: 'millis' }, pages, rows, ['c-1'])).toBeNull();
    const many = Array.from({ length: MAX_MATCHED_IDENTIFIERS + 1 }, (_, index) => `c-${index}`);
    expect(identifierRows(LAYOUT, pages, rows, many)).toBeNull();
  });

  it('throws PageDecodeError for a value running past the page it walks, or more rows than the row group', () => {
    const page = pageV1(['c-1', 'c-2', 'c-3']);
    const cut = { ...page, body: page.body.subarray(0, page.body.length - 2) };
    // c-3 cut short: no page holds it whole, so nothing is walked and nothing is found.
    expect(identifierRows(LAYOUT, [cut], 3, ['c-3'])).toEqual([]);
    // The first value claims 99 bytes: the walk to c-2 runs past the page.
    const lying = pageV1(['c-1', 'c-2']);
    new DataView(lying.body.buffer, lying.body.byteOffset).setUint32(4 + levels(['c-1', 'c-2']).length, 99, true);
    expect(() => identifierRows(LAYOUT, [lying], 2, ['c-2'])).toThrow(PageDecodeError);
    expect(() => identifierRows(LAYOUT, pages, rows - 1, ['c-1'])).toThrow(PageDecodeError);
  });
});
