// Page headers, read with hyparquet's Thrift decoder. Its own page reader (`hyparquet/src/column.js`)
// brought 13 of the library's modules into every process and decode worker, and its index 27, for
// one struct of eight fields: loading them was ~30 ms of each CLI process's start. Field numbers
// are those of parquet.thrift's PageHeader and its page structs; statistics are not read.
import type { PageHeader } from 'hyparquet';
import { Encodings, PageTypes } from 'hyparquet/src/constants.js';
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';

/** A decoded Thrift struct: its fields by number. */
type ThriftStruct = Record<`field_${number}`, unknown>;

/**
 * A field that parquet.thrift declares i32. A corrupt header can give it another Thrift type (a
 * flipped type nibble makes it an i64, which hyparquet returns as a BigInt): that is the file's
 * fault, reported here as a bad header, not a TypeError in arithmetic later.
 */
function int32(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  throw new Error(`page header field ${field} is ${typeof value === 'bigint' ? 'a 64-bit integer' : 'missing or not an integer'}`);
}

/** Reads the page header at `reader.offset` and moves the offset past it. */
export function readPageHeader(reader: { view: DataView; offset: number }): PageHeader {
  const header = deserializeTCompactProtocol(reader) as ThriftStruct;
  const data = header.field_5 as ThriftStruct | undefined;
  const dictionary = header.field_7 as ThriftStruct | undefined;
  const v2 = header.field_8 as ThriftStruct | undefined;
  return {
    type: PageTypes[int32(header.field_1, 'type')]!,
    uncompressed_page_size: int32(header.field_2, 'uncompressed_page_size'),
    compressed_page_size: int32(header.field_3, 'compressed_page_size'),
    ...(header.field_4 === undefined ? {} : { crc: int32(header.field_4, 'crc') }),
    ...(data && {
      data_page_header: {
        num_values: int32(data.field_1, 'num_values'),
        encoding: Encodings[int32(data.field_2, 'encoding')]!,
        definition_level_encoding: Encodings[int32(data.field_3, 'definition_level_encoding')]!,
        repetition_level_encoding: Encodings[int32(data.field_4, 'repetition_level_encoding')]!,
      },
    }),
    ...(header.field_6 === undefined ? {} : { index_page_header: {} }),
    ...(dictionary && {
      dictionary_page_header: {
        num_values: int32(dictionary.field_1, 'num_values'),
        encoding: Encodings[int32(dictionary.field_2, 'encoding')]!,
        ...(dictionary.field_3 === undefined ? {} : { is_sorted: dictionary.field_3 as boolean }),
      },
    }),
    ...(v2 && {
      data_page_header_v2: {
        num_values: int32(v2.field_1, 'num_values'),
        num_nulls: int32(v2.field_2, 'num_nulls'),
        num_rows: int32(v2.field_3, 'num_rows'),
        encoding: Encodings[int32(v2.field_4, 'encoding')]!,
        definition_levels_byte_length: int32(v2.field_5, 'definition_levels_byte_length'),
        repetition_levels_byte_length: int32(v2.field_6, 'repetition_levels_byte_length'),
        // Compressed unless the writer says otherwise.
        is_compressed: v2.field_7 === undefined ? true : (v2.field_7 as boolean),
      },
    }),
  };
}
