// What the JavaScript page decoder needs to know about one column chunk, taken from the footer on
// the main thread and sent to a worker with the chunk's bytes. Only the shapes sync-tracking files
// use are described (flat, optional or required, text or 64-bit timestamps, uncompressed, snappy or
// gzip); any other chunk has no layout and is decoded by parquet-wasm instead.
import type { ColumnChunk, SchemaElement } from 'hyparquet';
import type { TimestampUnit } from './epoch-millis.js';

export type ChunkCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP';

export interface ChunkLayout {
  column: string;
  /** File offset of the chunk's first page (its dictionary page when it has one). */
  start: number;
  /** File offset just past the chunk. */
  end: number;
  codec: ChunkCodec;
  /** Text columns are BYTE_ARRAY (UTF-8); times are INT64 with a unit. */
  kind: 'text' | 'time';
  timeUnit?: TimestampUnit;
  /** 1 for an optional column (definition levels precede the values), 0 for a required one. */
  maxDefinitionLevel: 0 | 1;
  /** Values in the chunk: its row count for a flat column. */
  numValues: number;
}

const CODECS = new Set<string>(['UNCOMPRESSED', 'SNAPPY', 'GZIP']);
const TEXT_LOGICAL = new Set<string>(['STRING', 'JSON', 'ENUM']);
const TEXT_CONVERTED = new Set<string>(['UTF8', 'JSON', 'ENUM']);

function timeUnitOf(element: SchemaElement): TimestampUnit | null {
  const logical = element.logical_type;
  if (logical?.type === 'TIMESTAMP') {
    return logical.unit === 'MILLIS' ? 'millis' : logical.unit === 'MICROS' ? 'micros' : logical.unit === 'NANOS' ? 'nanos' : null;
  }
  if (element.converted_type === 'TIMESTAMP_MILLIS') return 'millis';
  if (element.converted_type === 'TIMESTAMP_MICROS') return 'micros';
  return null;
}

/** The chunk's layout when the JavaScript decoder can read it; null otherwise. */
export function chunkLayout(chunk: ColumnChunk, element: SchemaElement | undefined, start: number, end: number): ChunkLayout | null {
  const meta = chunk.meta_data;
  if (meta === undefined || element === undefined || meta.path_in_schema.length !== 1) return null;
  if (!CODECS.has(meta.codec)) return null;
  if (element.num_children || element.repetition_type === 'REPEATED') return null;
  const base = {
    column: meta.path_in_schema[0]!,
    start,
    end,
    codec: meta.codec as ChunkCodec,
    maxDefinitionLevel: element.repetition_type === 'OPTIONAL' ? (1 as const) : (0 as const),
    numValues: Number(meta.num_values),
  };
  if (meta.type === 'BYTE_ARRAY') {
    // Text (or unannotated bytes, read as UTF-8 as the Arrow path does); not decimals and the like.
    const logical = element.logical_type?.type;
    const converted = element.converted_type;
    const text = (logical === undefined || TEXT_LOGICAL.has(logical)) && (converted === undefined || TEXT_CONVERTED.has(converted));
    return text ? { ...base, kind: 'text' } : null;
  }
  if (meta.type === 'INT64') {
    const unit = timeUnitOf(element);
    return unit === null ? null : { ...base, kind: 'time', timeUnit: unit };
  }
  return null;
}
