// The options that select records, shared by `filter` and `export`, and their translation to core's RecordQuery.
import type { Command } from 'commander';
import type { RecordQuery } from '@synctrack/core';
import { collectList, regularExpression, timestamp } from './option-parsers.js';
import { collectStatus, toStatusFilter } from './status-filter.js';

export interface RecordQueryFlags {
  status?: string[];
  operation?: string[];
  message?: RegExp;
  identifier?: string[];
  since?: Date;
  until?: Date;
}

export function addStatusOption(command: Command): Command {
  return command.option(
    '--status <status>',
    'outcome (success, rejected, invalid) or raw status (succeeded, NULL, DUPLICATE); repeatable',
    collectStatus,
  );
}

export function addRecordQueryOptions(command: Command): Command {
  return addStatusOption(command)
    .option('--operation <op>', 'operation, e.g. upsert, update, delete; repeatable', collectList)
    .option('--message <regex>', 'status message matches this regular expression', regularExpression)
    .option('--identifier <id>', 'record identifier; repeatable', collectList)
    .option('--since <time>', 'batches that started at or after this ISO-8601 time (UTC unless a zone is given)', timestamp)
    .option('--until <time>', 'batches that started before this ISO-8601 time', timestamp);
}

export function toRecordQuery(flags: RecordQueryFlags): RecordQuery {
  return {
    ...toStatusFilter(flags.status),
    ...(flags.operation === undefined ? {} : { operation: flags.operation }),
    ...(flags.message === undefined ? {} : { statusMessage: flags.message }),
    ...(flags.identifier === undefined ? {} : { identifiers: flags.identifier }),
    ...(flags.since === undefined ? {} : { batchStartedFrom: flags.since }),
    ...(flags.until === undefined ? {} : { batchStartedBefore: flags.until }),
  };
}
