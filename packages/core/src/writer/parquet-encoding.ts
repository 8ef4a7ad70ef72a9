// Encodes an Arrow table as a Parquet file with parquet-wasm, with the writer settings synctrack uses.
import { tableToIPC, type Table } from 'apache-arrow';
import * as parquet from 'parquet-wasm';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

export type ParquetCompression = 'zstd' | 'snappy' | 'gzip' | 'none';

export interface ParquetEncodingOptions {
  compression?: ParquetCompression;
  /** Rows per row group. */
  rowGroupSize?: number;
  /** Columns written with dictionary encoding (others are PLAIN), as DuckDB does for low-cardinality text. */
  dictionaryColumns?: readonly string[];
  createdBy?: string;
}

const CODECS: Record<ParquetCompression, parquet.Compression> = {
  zstd: parquet.Compression.ZSTD,
  snappy: parquet.Compression.SNAPPY,
  gzip: parquet.Compression.GZIP,
  none: parquet.Compression.UNCOMPRESSED,
};

export function encodeParquet(table: Table, options: ParquetEncodingOptions = {}): Uint8Array {
  const compression = options.compression ?? 'zstd';
  const codec = CODECS[compression];
  if (codec === undefined) {
    throw new InvalidArgumentError({
      message: `Unknown compression ${JSON.stringify(compression)}: use zstd, snappy, gzip or none`,
      context: { argument: 'compression' },
    });
  }
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(codec)
    .setMaxRowGroupSize(options.rowGroupSize ?? 122_880)
    .setCreatedBy(options.createdBy ?? 'synctrack')
    .setDictionaryEnabled(false);
  for (const column of options.dictionaryColumns ?? []) {
    if (table.schema.fields.some((field) => field.name === column)) {
      builder = builder.setColumnDictionaryEnabled(column, true);
    }
  }
  const wasmTable = parquet.Table.fromIPCStream(tableToIPC(table, 'stream'));
  return parquet.writeParquet(wasmTable, builder.build());
}
