// Which file format an export writes, from the output file's extension.
import { extname } from 'node:path';
import { InvalidArgumentError } from '@synctrack/core';

export type ExportFormat = 'csv' | 'jsonl' | 'parquet';

const EXTENSIONS: Record<string, ExportFormat> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
};

export function exportFormatFor(file: string): ExportFormat {
  const format = EXTENSIONS[extname(file).toLowerCase()];
  if (format === undefined) {
    throw new InvalidArgumentError({
      message: `Cannot tell the export format of ${file}: end the file name in .csv, .jsonl (or .ndjson) or .parquet`,
      context: { argument: 'out' },
    });
  }
  return format;
}
