import { Table, Utf8, vectorFromArray } from 'apache-arrow';
import { parquetHeader } from 'hyparquet/src/column.js';
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../storage/memory-storage.js';
import { encodeParquet } from '../writer/parquet-encoding.js';
import { readPageHeader } from './page-header.js';
import { readParquetFooter } from './parquet-footer.js';

describe('readPageHeader', () => {
  it('refuses a field of the wrong Thrift type (a corrupt header), rather than returning a BigInt', () => {
    // type DATA_PAGE, uncompressed_page_size 4, then compressed_page_size as an i64 (type nibble 6,
    // one bit away from i32's 5), as the mutation fuzz found it: arithmetic on it threw a TypeError.
    const bytes = new Uint8Array([0x15, 0x00, 0x15, 0x08, 0x16, 0x08, 0x00]);
    expect(() => readPageHeader({ view: new DataView(bytes.buffer), offset: 0 })).toThrow('page header field compressed_page_size is a 64-bit integer');
    bytes[4] = 0x15;
    expect(readPageHeader({ view: new DataView(bytes.buffer), offset: 0 })).toMatchObject({ type: 'DATA_PAGE', uncompressed_page_size: 4, compressed_page_size: 4 });
  });

  it('reads every page header of a file as hyparquet does (statistics aside)', async () => {
    const rows = 20_000;
    const text = (make: (row: number) => string | null) => vectorFromArray(Array.from({ length: rows }, (_, row) => make(row)), new Utf8());
    const table = new Table({
      identifier: text((row) => (row % 97 === 3 ? null : `id-${row}`)),
      status: text((row) => (['succeeded', 'rejected', 'invalid'] as const)[row % 3]!),
    });
    const bytes = await encodeParquet(table, { compression: 'snappy', dictionaryColumns: ['status'] });
    const storage = new MemoryStorage();
    await storage.write('f.parquet', bytes);
    const footer = await readParquetFooter(storage, 'f.parquet', { size: bytes.length });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const types = new Set<string>();
    for (const group of footer.rowGroups) {
      for (const layout of group.chunkLayouts.values()) {
        if (layout === null) continue;
        for (let offset = layout.start; offset < layout.end; ) {
          const ours = { view, offset };
          const theirs = { view, offset };
          const header = readPageHeader(ours);
          const expected = parquetHeader(theirs);
          delete expected.data_page_header?.statistics;
          delete expected.data_page_header_v2?.statistics;
          expect(JSON.parse(JSON.stringify(header))).toEqual(JSON.parse(JSON.stringify(expected)));
          expect(ours.offset).toBe(theirs.offset);
          types.add(header.type);
          offset = ours.offset + header.compressed_page_size;
        }
      }
    }
    expect([...types].sort()).toEqual(['DATA_PAGE', 'DICTIONARY_PAGE']);
  });

  it('throws on bytes that are not a Thrift struct', () => {
    expect(() => readPageHeader({ view: new DataView(new Uint8Array([0x15, 0x04]).buffer), offset: 0 })).toThrow();
  });
});
