// Encodes Arrow tables as Parquet with parquet-wasm, with the writer settings synctrack uses: one
// place that sets up the encoder, for a whole table in memory (`encodeParquet`: the run and fact
// table writers) and for a stream of tables written row group by row group (`encodeParquetStream`:
// the CLI's `export --out FILE.parquet`).
import type { Table } from 'apache-arrow';
import type * as ParquetWasm from 'parquet-wasm';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { writerModules, type WriterModules } from './writer-modules.js';

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

/** The encoder's settings for a table with `columns` (dictionary encoding only where asked and present). */
function writerProperties(parquet: WriterModules['parquet'], columns: readonly string[], options: ParquetEncodingOptions): ParquetWasm.WriterProperties {
  const compression = options.compression ?? 'zstd';
  const codecName = Object.hasOwn(CODECS, compression) ? CODECS[compression] : undefined;
  if (codecName === undefined) {
    throw new InvalidArgumentError({
      message: `Unknown compression ${JSON.stringify(compression)}: use zstd, snappy, gzip or none`,
      context: { argument: 'compression' },
    });
  }
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression[codecName])
    .setMaxRowGroupSize(options.rowGroupSize ?? 122_880)
    .setCreatedBy(options.createdBy ?? 'synctrack')
    .setDictionaryEnabled(false);
  for (const column of options.dictionaryColumns ?? []) {
    if (columns.includes(column)) builder = builder.setColumnDictionaryEnabled(column, true);
  }
  return builder.build();
}

const columnNames = (table: Table) => table.schema.fields.map((field) => field.name);

/** `table` as one Parquet file. */
export async function encodeParquet(table: Table, options: ParquetEncodingOptions = {}): Promise<Uint8Array> {
  const { arrow, parquet } = await writerModules();
  const properties = writerProperties(parquet, columnNames(table), options);
  return parquet.writeParquet(parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')), properties);
}

/**
 * `tables` (all of one schema) as one Parquet file, yielded as the encoder emits it: each row group
 * as soon as it is full, so memory holds about one row group. `tables` must yield at least one table,
 * which may have no rows (the encoder takes the schema from it). A failure of `tables` is thrown
 * after the bytes written before it, which then are not a whole file.
 */
export async function* encodeParquetStream(tables: AsyncIterable<Table>, options: ParquetEncodingOptions = {}): AsyncGenerator<Uint8Array> {
  const { arrow, parquet } = await writerModules();
  const source = tables[Symbol.asyncIterator]();
  const first = await source.next();
  if (first.done === true) {
    throw new InvalidArgumentError({ message: 'encodeParquetStream needs at least one table, for the schema', context: { argument: 'tables' } });
  }
  const properties = writerProperties(parquet, columnNames(first.value), options);
  const batches = (table: Table) => parquet.Table.fromIPCStream(arrow.tableToIPC(table, 'stream')).recordBatches();
  // The encoder ends its output normally when its input fails, so a failure is kept here and thrown
  // after the output: the caller then discards the (complete-looking but partial) file.
  let failure: { error: unknown } | null = null;
  let pending: Table | null = first.value;
  const input = new ReadableStream<ParquetWasm.RecordBatch>(
    {
      async pull(controller) {
        try {
          let table = pending;
          pending = null;
          if (table === null) {
            const next = await source.next();
            if (next.done === true) {
              controller.close();
              return;
            }
            table = next.value;
          }
          for (const batch of batches(table)) controller.enqueue(batch);
        } catch (error) {
          failure = { error };
          controller.error(error);
        }
      },
      async cancel() {
        await source.return?.(undefined);
      },
    },
    { highWaterMark: 0 },
  );
  try {
    const output = (await parquet.transformParquetStream(input, properties)) as ReadableStream<Uint8Array>;
    for await (const bytes of output as unknown as AsyncIterable<Uint8Array>) yield bytes;
  } catch (error) {
    throw failure === null ? error : (failure as { error: unknown }).error;
  }
  if (failure !== null) throw (failure as { error: unknown }).error;
}
