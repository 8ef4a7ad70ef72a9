// Encodes an Arrow table as a Parquet file with parquet-wasm, with the writer settings synctrack uses.
import type { Table } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { writerModules } from './writer-modules.js';

export type ParquetCompression = 'zstd' | 'snappy' | 'gzip' | 'none';

export interface ParquetEncodingOptions {
  compression?: ParquetCompression;
  /** Rows per row group. */
  rowGroupSize?: number;
  /** Columns written with dictionary encoding (others are PLAIN), as DuckDB does for low-cardinality text. */
  dictionaryColumns?: readonly string[];
  createdBy?: string;
}

const CODECS: Record<ParquetCompression, keyof typeof ParquetWasm.Compression> = {
  zstd: 'ZSTD',
  snappy: 'SNAPPY',
  gzip: 'GZIP',
  none: 'UNCOMPRESSED',
};

export async function encodeParquet(table: Table, options: ParquetEncodingOptions = {}): Promise<Uint8Array> {
  const compression = options.compression ?? 'zstd';
  const codecName = Object.hasOwn(CODECS, compression) ? CODECS[compression] : undefined;
  if (codecName === undefined) {
    throw new InvalidArgumentError({
      message: `Unknown compression ${JSON.stringify(compression)}: use zstd, snappy, gzip or none`,
      context: { argument: 'compression' },
    });
  }
  const { arrow, parquet } = await writerModules();
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression[codecName])
    .setMaxRowGroupSize(options.rowGroupSize ?? 122_880)
    .setCreatedBy(options.createdBy ?? 'synctrack')
    .setDictionaryEnabled(false);
  for (const column of options.dictionaryColumns ?? []) {
    if (table.schema.fields.some((field) => field.name === column)) {
      builder = builder.setColumnDictionaryEnabled(column, true);
    }
  }
  const wasmTable = parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream'));
  return parquet.writeParquet(wasmTable, builder.build());
}
