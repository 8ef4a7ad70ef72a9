// The gate: which chunks the JavaScript fast path takes is decided from the footer alone, and a
// page whose header contradicts the footer sends the chunk to parquet-wasm (the decoder answers
// null), never to an empty answer.
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { parquetMetadata, type ColumnChunk, type PageHeader, type SchemaElement } from 'hyparquet';
import * as parquet from 'parquet-wasm';
import { describe, expect, it } from 'vitest';
import { checkPage, chunkLayout, UnsupportedChunkError, type ChunkLayout } from './chunk-layout.js';
import type { DecodeTask, SelectKernel } from '../scan/decode-protocol.js';
import { JsDecoder } from '../scan/js-decode.js';
import { readPages } from './page-decoder.js';

const TEXT: SchemaElement = { name: 'identifier', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL', converted_type: 'UTF8', logical_type: { type: 'STRING' } };
const TIME: SchemaElement = { name: 'batch_started_at', type: 'INT64', repetition_type: 'OPTIONAL', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } };

function chunk(type: 'BYTE_ARRAY' | 'INT64', encodings: string[] | undefined, codec = 'SNAPPY', path = ['identifier']): ColumnChunk {
  return {
    file_offset: 4n,
    meta_data: {
      type,
      encodings: encodings as never,
      path_in_schema: path,
      codec: codec as never,
      num_values: 10n,
      total_uncompressed_size: 100n,
      total_compressed_size: 100n,
      data_page_offset: 4n,
    },
  } as ColumnChunk;
}

describe('chunkLayout, from the footer alone', () => {
  it.each([
    [['PLAIN', 'RLE'], ['PLAIN']],
    [['PLAIN'], ['PLAIN']],
    [['PLAIN', 'RLE', 'RLE_DICTIONARY'], ['PLAIN', 'DICTIONARY']],
    [['PLAIN_DICTIONARY', 'BIT_PACKED', 'RLE'], ['DICTIONARY']],
  ])('takes a text chunk whose pages are %j', (encodings, values) => {
    expect(chunkLayout(chunk('BYTE_ARRAY', encodings), TEXT, 4, 104)?.valueEncodings.sort()).toEqual(values.sort());
  });

  it.each([
    [['DELTA_LENGTH_BYTE_ARRAY', 'RLE']],
    [['DELTA_BYTE_ARRAY', 'RLE']],
    [['PLAIN', 'RLE', 'DELTA_BYTE_ARRAY']],
    [['BYTE_STREAM_SPLIT']],
    [['RLE']],
    [[]],
    [undefined],
  ])('leaves a text chunk whose footer lists %j to parquet-wasm', (encodings) => {
    expect(chunkLayout(chunk('BYTE_ARRAY', encodings), TEXT, 4, 104)).toBeNull();
  });

  it('leaves DELTA_BINARY_PACKED timestamps, other codecs, nested and mistyped columns to parquet-wasm', () => {
    expect(chunkLayout(chunk('INT64', ['PLAIN', 'RLE']), TIME, 4, 104)?.kind).toBe('time');
    expect(chunkLayout(chunk('INT64', ['DELTA_BINARY_PACKED', 'RLE']), TIME, 4, 104)).toBeNull();
    for (const codec of ['ZSTD', 'BROTLI', 'LZ4', 'LZ4_RAW', 'LZO']) expect(chunkLayout(chunk('BYTE_ARRAY', ['PLAIN'], codec), TEXT, 4, 104)).toBeNull();
    expect(chunkLayout(chunk('BYTE_ARRAY', ['PLAIN'], 'SNAPPY', ['identifier', 'list', 'element']), TEXT, 4, 104)).toBeNull();
    expect(chunkLayout(chunk('BYTE_ARRAY', ['PLAIN']), { ...TEXT, type: 'INT64' }, 4, 104)).toBeNull();
    expect(chunkLayout(chunk('BYTE_ARRAY', ['PLAIN']), { ...TEXT, repetition_type: 'REPEATED' }, 4, 104)).toBeNull();
    expect(chunkLayout(chunk('BYTE_ARRAY', ['PLAIN']), { ...TEXT, logical_type: { type: 'DECIMAL', precision: 9, scale: 2 } as never, converted_type: 'DECIMAL' }, 4, 104)).toBeNull();
    expect(chunkLayout(chunk('INT64', ['PLAIN']), { ...TIME, logical_type: { type: 'INTEGER', bitWidth: 64, isSigned: true } as never }, 4, 104)).toBeNull();
  });
});

describe('checkPage, against the footer', () => {
  const plain = chunkLayout(chunk('BYTE_ARRAY', ['PLAIN', 'RLE']), TEXT, 4, 104)!;
  const dictionary = chunkLayout(chunk('BYTE_ARRAY', ['PLAIN', 'RLE', 'RLE_DICTIONARY']), TEXT, 4, 104)!;
  const page = (type: PageHeader['type'], encoding: string, levels = 'RLE'): PageHeader =>
    ({
      type,
      uncompressed_page_size: 10,
      compressed_page_size: 10,
      ...(type === 'DATA_PAGE' && { data_page_header: { num_values: 10, encoding, definition_level_encoding: levels, repetition_level_encoding: 'RLE' } }),
      ...(type === 'DATA_PAGE_V2' && {
        data_page_header_v2: { num_values: 10, num_nulls: 0, num_rows: 10, encoding, definition_levels_byte_length: 2, repetition_levels_byte_length: 0 },
      }),
      ...(type === 'DICTIONARY_PAGE' && { dictionary_page_header: { num_values: 10, encoding } }),
    }) as PageHeader;

  it('passes pages the footer announced and skips index pages', () => {
    expect(checkPage(plain, page('DATA_PAGE', 'PLAIN'))).toBe(true);
    expect(checkPage(plain, page('DATA_PAGE_V2', 'PLAIN'))).toBe(true);
    expect(checkPage(dictionary, page('DICTIONARY_PAGE', 'PLAIN'))).toBe(true);
    expect(checkPage(dictionary, page('DATA_PAGE', 'PLAIN_DICTIONARY'))).toBe(true);
    expect(checkPage(dictionary, page('DATA_PAGE', 'PLAIN'))).toBe(true);
    expect(checkPage(plain, page('INDEX_PAGE', ''))).toBe(false);
  });

  it.each([
    ['a DELTA_LENGTH_BYTE_ARRAY page under a PLAIN footer', plain, page('DATA_PAGE', 'DELTA_LENGTH_BYTE_ARRAY')],
    ['a DELTA_BYTE_ARRAY v2 page under a PLAIN footer', plain, page('DATA_PAGE_V2', 'DELTA_BYTE_ARRAY')],
    ['a dictionary page under a PLAIN footer', plain, page('DICTIONARY_PAGE', 'PLAIN')],
    ['a dictionary-encoded page under a PLAIN footer', plain, page('DATA_PAGE', 'RLE_DICTIONARY')],
    ['BIT_PACKED definition levels', plain, page('DATA_PAGE', 'PLAIN', 'BIT_PACKED')],
  ])('refuses %s', (_name, layout: ChunkLayout, header: PageHeader) => {
    expect(() => checkPage(layout, header)).toThrow(UnsupportedChunkError);
  });
});

describe('a footer that lies', () => {
  // Identifiers written DELTA_LENGTH_BYTE_ARRAY, read with a layout claiming PLAIN pages (what a
  // writer listing the wrong encodings would make the gate believe).
  const identifiers = Array.from({ length: 500 }, (_, row) => `cust-${row}`);
  const table = tableFromArrays({ identifier: identifiers } as never);
  const properties = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.SNAPPY)
    .setDictionaryEnabled(false)
    .setColumnEncoding('identifier', parquet.Encoding.DELTA_LENGTH_BYTE_ARRAY)
    .build();
  const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(table as never, 'stream')), properties);
  const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  const meta = metadata.row_groups[0]!.columns[0]!.meta_data!;
  const start = Number(meta.data_page_offset);
  const end = start + Number(meta.total_compressed_size);
  const element = metadata.schema[1]!;

  it('the honest footer keeps the chunk from the fast path', () => {
    expect(meta.encodings).toContain('DELTA_LENGTH_BYTE_ARRAY');
    expect(chunkLayout(metadata.row_groups[0]!.columns[0]!, element, start, end)).toBeNull();
  });

  it('a lying one: the pages contradict it, and find falls back instead of answering "not there"', () => {
    const forged: ChunkLayout = {
      column: 'identifier',
      start,
      end,
      codec: 'SNAPPY',
      kind: 'text',
      maxDefinitionLevel: element.repetition_type === 'OPTIONAL' ? 1 : 0,
      numValues: 500,
      valueEncodings: ['PLAIN'],
    };
    expect(() => readPages(forged, bytes.subarray(start, end))).toThrow(UnsupportedChunkError);
    const kernel: SelectKernel = { kind: 'select', predicate: { identifiers: ['cust-42'] }, output: ['identifier'], startRow: 0, limit: null };
    const task: DecodeTask = {
      type: 'decode',
      id: 1,
      file: 'lying.parquet',
      fileSize: bytes.length,
      rowGroup: 0,
      numRows: 500,
      columns: ['identifier'],
      ranges: [{ offset: 0, bytes }],
      kernel,
      weight: end - start,
      chunks: [forged],
    };
    expect(new JsDecoder().run(task, kernel)).toBeNull();
  });
});
