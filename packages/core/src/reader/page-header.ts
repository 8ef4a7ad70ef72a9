// Page headers, read with hyparquet's Thrift decoder. Its own page reader (`hyparquet/src/column.js`)
// brought 13 of the library's modules into every process and decode worker, and its index 27, for
// one struct of eight fields: loading them was ~30 ms of each CLI process's start. Field numbers
// are those of parquet.thrift's PageHeader and its page structs; statistics are not read.
import type { PageHeader } from 'hyparquet';
import { Encodings, PageTypes } from 'hyparquet/src/constants.js';
import { deserializeTCompactProtocol } from 'hyparquet/src/thrift.js';

/** A decoded Thrift struct: its fields by number. */
type ThriftStruct = Record<`field_${number}`, unknown>;

/** Reads the page header at `reader.offset` and moves the offset past it. */
export function readPageHeader(reader: { view: DataView; offset: number }): PageHeader {
  const header = deserializeTCompactProtocol(reader) as ThriftStruct;
  const data = header.field_5 as ThriftStruct | undefined;
  const dictionary = header.field_7 as ThriftStruct | undefined;
  const v2 = header.field_8 as ThriftStruct | undefined;
  return {
    type: PageTypes[header.field_1 as number]!,
    uncompressed_page_size: header.field_2 as number,
    compressed_page_size: header.field_3 as number,
    ...(header.field_4 === undefined ? {} : { crc: header.field_4 as number }),
    ...(data && {
      data_page_header: {
        num_values: data.field_1 as number,
        encoding: Encodings[data.field_2 as number]!,
        definition_level_encoding: Encodings[data.field_3 as number]!,
        repetition_level_encoding: Encodings[data.field_4 as number]!,
      },
    }),
    ...(header.field_6 === undefined ? {} : { index_page_header: {} }),
    ...(dictionary && {
      dictionary_page_header: {
        num_values: dictionary.field_1 as number,
        encoding: Encodings[dictionary.field_2 as number]!,
        ...(dictionary.field_3 === undefined ? {} : { is_sorted: dictionary.field_3 as boolean }),
      },
    }),
    ...(v2 && {
      data_page_header_v2: {
        num_values: v2.field_1 as number,
        num_nulls: v2.field_2 as number,
        num_rows: v2.field_3 as number,
        encoding: Encodings[v2.field_4 as number]!,
        definition_levels_byte_length: v2.field_5 as number,
        repetition_levels_byte_length: v2.field_6 as number,
        // Compressed unless the writer says otherwise.
        is_compressed: v2.field_7 === undefined ? true : (v2.field_7 as boolean),
      },
    }),
  };
}
