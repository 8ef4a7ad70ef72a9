// Generates one run's records for a demo sync from its population (demo-population.ts): each
// customer's payload as it is in this run, rejected while it has a problem, plus the invalid
// records Census's checks catch (NULL keys, DUPLICATE keys), in batches.
import type { SyncRecordInput } from '@synctrack/core';
import type { DemoSync } from './demo-catalog.js';
import { identifierFor, type DemoPopulation, type PopulationRun } from './demo-population.js';
import type { DemoRandom } from './demo-random.js';

export interface GeneratedBatch {
  batchType: string;
  records: SyncRecordInput[];
}

export interface RunShape extends PopulationRun {
  /** Share of records that fail Census's invalid-data checks (NULL or DUPLICATE keys). */
  invalidRate: number;
  startedAt: Date;
  batchSize: number;
}

function batchTypeFor(operation: string, outcome: 'success' | 'rejected' | 'invalid', deleted: boolean): string {
  if (outcome === 'invalid') return 'records_invalid';
  if (deleted) return 'records_deleted';
  if (operation === 'append') return 'records_appended';
  return 'records_updated';
}

/** The run's batches, in order; each batch holds records of one batch type. */
export function* generateRun(
  sync: DemoSync,
  population: DemoPopulation,
  shape: RunShape,
  random: DemoRandom,
): Generator<GeneratedBatch> {
  const sfId = () =>
    `003${Array.from({ length: 15 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789'[Math.floor(random() * 58)]).join('')}`;
  const members = population.run(shape, random, sfId);
  let clock = shape.startedAt.getTime();
  let done = false;
  while (!done) {
    const batchStartedAt = new Date(clock);
    const batchEndedAt = new Date(clock + 4_000 + Math.floor(random() * 40_000));
    clock = batchEndedAt.getTime() + 500;
    const byType = new Map<string, SyncRecordInput[]>();
    for (let count = 0; count < shape.batchSize; count++) {
      const next = members.next();
      if (next.done) {
        done = true;
        break;
      }
      const member = next.value;
      let identifier: string | null = member.identifier;
      let status = 'succeeded';
      let statusMessage: string | null = null;
      let outcome: 'success' | 'rejected' | 'invalid' = 'success';
      if (random() < shape.invalidRate && !member.scripted) {
        // Census's own checks, before the destination sees the record: they come and go per run.
        outcome = 'invalid';
        if (random() < 0.55) {
          status = 'NULL';
          identifier = null;
          statusMessage = 'The sync key is NULL for this record';
        } else {
          status = 'DUPLICATE';
          identifier = identifierFor(sync, Math.max(0, member.index - 1 - Math.floor(random() * 50)));
          statusMessage = 'Another record in this sync run has the same sync key';
        }
      } else if (member.problem !== null) {
        outcome = 'rejected';
        status = 'rejected';
        statusMessage = member.problem.message;
      }
      const deleted = sync.operation === 'mirror' && random() < 0.08;
      const operation = sync.operation === 'mirror' ? (deleted ? 'delete' : 'upsert') : sync.operation;
      const batchType = batchTypeFor(sync.operation, outcome, deleted);
      const record: SyncRecordInput = { identifier, payload: member.payload, operation, status, statusMessage, batchStartedAt, batchEndedAt };
      const list = byType.get(batchType);
      if (list) list.push(record);
      else byType.set(batchType, [record]);
    }
    for (const [batchType, records] of byType) yield { batchType, records };
  }
}
