// The gate: whether a column chunk is read by the JavaScript fast path, decided once, from the
// footer, here and nowhere else. A chunk gets a layout only when its physical, logical and converted
// type, its codec, the encodings the footer lists for its pages and its levels are all ones the fast
// path implements (flat optional or required text or 64-bit timestamps; PLAIN or dictionary pages;
// uncompressed, snappy or gzip). A chunk without a layout goes whole to parquet-wasm. Every fast
// path (identifier page search, dictionary counts and matches, picks, windows, JSON Lines, the
// local index's value maps and lookups) takes only chunks with a layout and walks their pages with
// `checkPage`, which stops at a page whose header contradicts the footer: the caller then hands
// that chunk to parquet-wasm too. Nothing is skipped, so nothing is silently answered as empty.
import type { ColumnChunk, PageHeader, SchemaElement } from 'hyparquet';
import type { TimestampUnit } from './epoch-millis.js';

export type ChunkCodec = 'UNCOMPRESSED' | 'SNAPPY' | 'GZIP';

/** How a data page's values are stored, as far as the fast path knows how. */
export type FastValueEncoding = 'PLAIN' | 'DICTIONARY';

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
  /** The value encodings the footer says the chunk's data pages use; a page of another contradicts it. */
  valueEncodings: FastValueEncoding[];
}

/**
 * A chunk the fast path does not read after all: a page contradicts the footer, or uses something
 * the footer could not tell. The caller falls back to parquet-wasm for the chunk.
 */
export class UnsupportedChunkError extends Error {
  override name = 'UnsupportedChunkError';
}

const CODECS = new Set<string>(['UNCOMPRESSED', 'SNAPPY', 'GZIP']);
const TEXT_LOGICAL = new Set<string>(['STRING', 'JSON', 'ENUM']);
const TEXT_CONVERTED = new Set<string>(['UTF8', 'JSON', 'ENUM']);
/** Value encodings the fast path decodes, by their footer names. */
const VALUE_ENCODINGS: Record<string, FastValueEncoding> = { PLAIN: 'PLAIN', PLAIN_DICTIONARY: 'DICTIONARY', RLE_DICTIONARY: 'DICTIONARY' };
/**
 * Level encodings a footer may list. BIT_PACKED is listed by older writers for the repetition levels
 * a flat column never writes; a page whose definition levels use it is refused by `checkPage`.
 */
const LEVEL_ENCODINGS = new Set<string>(['RLE', 'BIT_PACKED']);

function timeUnitOf(element: SchemaElement): TimestampUnit | null {
  const logical = element.logical_type;
  if (logical?.type === 'TIMESTAMP') {
    return logical.unit === 'MILLIS' ? 'millis' : logical.unit === 'MICROS' ? 'micros' : logical.unit === 'NANOS' ? 'nanos' : null;
  }
  if (logical !== undefined) return null;
  if (element.converted_type === 'TIMESTAMP_MILLIS') return 'millis';
  if (element.converted_type === 'TIMESTAMP_MICROS') return 'micros';
  return null;
}

/** The value encodings of a chunk whose footer lists only encodings the fast path reads; null otherwise. */
function valueEncodingsOf(encodings: readonly string[] | undefined): FastValueEncoding[] | null {
  if (encodings === undefined || encodings.length === 0) return null;
  const values = new Set<FastValueEncoding>();
  for (const encoding of encodings) {
    const value = VALUE_ENCODINGS[encoding];
    if (value !== undefined) values.add(value);
    else if (!LEVEL_ENCODINGS.has(encoding)) return null;
  }
  return values.size === 0 ? null : [...values];
}

/** The chunk's layout when the JavaScript decoder can read it; null when it goes to parquet-wasm. */
export function chunkLayout(chunk: ColumnChunk, element: SchemaElement | undefined, start: number, end: number): ChunkLayout | null {
  const meta = chunk.meta_data;
  if (meta === undefined || element === undefined || meta.path_in_schema.length !== 1) return null;
  if (!CODECS.has(meta.codec)) return null;
  if (element.num_children || element.repetition_type === 'REPEATED') return null;
  if (element.type !== undefined && element.type !== meta.type) return null;
  const valueEncodings = valueEncodingsOf(meta.encodings);
  if (valueEncodings === null) return null;
  const base = {
    column: meta.path_in_schema[0]!,
    start,
    end,
    codec: meta.codec as ChunkCodec,
    maxDefinitionLevel: element.repetition_type === 'OPTIONAL' ? (1 as const) : (0 as const),
    numValues: Number(meta.num_values),
    valueEncodings,
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

/** A data page's value encoding as the fast path names it; null when it is not one it reads. */
export function fastEncoding(header: PageHeader): FastValueEncoding | null {
  const encoding = header.type === 'DATA_PAGE_V2' ? header.data_page_header_v2?.encoding : header.data_page_header?.encoding;
  return (encoding !== undefined && VALUE_ENCODINGS[encoding]) || null;
}

/**
 * Checks one page's header against the chunk's layout. Returns false for a page every walk skips
 * (an index page); throws UnsupportedChunkError when the page contradicts the footer or needs what
 * the fast path does not implement.
 */
export function checkPage(layout: ChunkLayout, header: PageHeader): boolean {
  switch (header.type) {
    case 'DICTIONARY_PAGE': {
      const encoding = header.dictionary_page_header?.encoding;
      if (encoding !== 'PLAIN' && encoding !== 'PLAIN_DICTIONARY') throw new UnsupportedChunkError(`dictionary page encoding ${encoding}`);
      if (!layout.valueEncodings.includes('DICTIONARY')) throw new UnsupportedChunkError('a dictionary page the footer does not list');
      return true;
    }
    case 'DATA_PAGE':
    case 'DATA_PAGE_V2': {
      const encoding = fastEncoding(header);
      if (encoding === null || !layout.valueEncodings.includes(encoding)) {
        const named = header.type === 'DATA_PAGE_V2' ? header.data_page_header_v2?.encoding : header.data_page_header?.encoding;
        throw new UnsupportedChunkError(`${layout.kind} page encoding ${named} (the footer lists ${layout.valueEncodings.join(', ')})`);
      }
      if (header.type === 'DATA_PAGE_V2') {
        if (header.data_page_header_v2!.repetition_levels_byte_length !== 0) throw new UnsupportedChunkError('repetition levels');
        if (layout.maxDefinitionLevel === 0 && header.data_page_header_v2!.definition_levels_byte_length !== 0) {
          throw new UnsupportedChunkError('definition levels in a required column');
        }
      } else if (layout.maxDefinitionLevel === 1 && header.data_page_header!.definition_level_encoding !== 'RLE') {
        throw new UnsupportedChunkError(`definition levels encoded ${header.data_page_header!.definition_level_encoding}`);
      }
      return true;
    }
    case 'INDEX_PAGE':
      return false;
    default:
      throw new UnsupportedChunkError(`page type ${header.type}`);
  }
}
