// Generates one run's records for a demo sync: payloads that fit the sync's schema, a realistic mix
// of successes, rejections and invalid records (NULL keys, DUPLICATE keys), in batches.
import type { JsonObject, SyncRecordInput } from '@synctrack/core';
import type { DemoSync } from './demo-catalog.js';
import type { DemoRandom } from './demo-random.js';
import { REJECTION_MESSAGES, pickWeighted, type RejectionContext } from './rejection-messages.js';

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'José', 'Zoë', 'Søren', 'Mei', 'Amara', 'Dmitri', 'Priya', 'Kwame', 'Ingrid', 'Yuki'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'García', 'Müller', 'Kierkegaard', 'Chen', 'Okafor', 'Ivanov', 'Patel', 'Mensah', 'Larsen', 'Tanaka'];
const DOMAINS = ['example.com', 'acme.io', 'mail.test', 'northwind.health', 'globex.net', 'initech.org'];
const INDUSTRIES = ['Retail', 'Software', 'Healthcare', 'Logistics', 'Biotech & Pharma', 'Education'];
const COUNTRIES = ['US', 'DE', 'FR', 'JP', 'BR', 'IN', 'GB', 'NG'];
const PLANS = ['free', 'plus', 'pro', 'enterprise'];
const CATEGORIES = ['shoes', 'outdoor', 'books', 'kitchen', 'garden', 'toys', 'audio'];
const TAGS = ['vip', 'newsletter', 'churn-risk', 'beta', 'wholesale'];

export interface GeneratedBatch {
  batchType: string;
  records: SyncRecordInput[];
}

export interface RunShape {
  records: number;
  rejectRate: number;
  /** Share of records that fail Census's invalid-data checks (NULL or DUPLICATE keys). */
  invalidRate: number;
  startedAt: Date;
  batchSize: number;
}

function identifierFor(sync: DemoSync, index: number): string {
  switch (sync.destination) {
    case 'hubspot':
      return `acct_${(100_000 + index).toString(36)}`;
    case 'braze':
      return `usr-${(7_000_000 + index * 7919) % 9_999_991}`;
    default:
      return String(1_000_000 + index);
  }
}

function payloadFor(sync: DemoSync, identifier: string, index: number, random: DemoRandom): JsonObject {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const first = pick(FIRST);
  const last = pick(LAST);
  const email = `${first}.${last}${index % 97}@${pick(DOMAINS)}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  switch (sync.destination) {
    case 'hubspot':
      return {
        domain: `${last.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')}-${index}.com`,
        name: `${last} ${pick(['Holdings', 'Labs', 'GmbH', 'Inc.', 'Partners'])}`,
        industry: pick(INDUSTRIES),
        employees: Math.floor(random() * 5000) + 3,
        annual_revenue: Math.round(random() * 50_000_000),
        is_customer: random() < 0.6,
      };
    case 'braze':
      return {
        external_id: identifier,
        email,
        country: pick(COUNTRIES),
        plan: pick(PLANS),
        sessions_30d: Math.floor(random() * 120),
        push_opt_in: random() < 0.45,
        favorite_categories: CATEGORIES.filter(() => random() < 0.3),
      };
    default:
      return {
        email,
        first_name: first,
        last_name: last,
        phone: `+1415555${String(1000 + (index % 9000)).padStart(4, '0')}`,
        lifetime_value: Math.round(random() * 250_000) / 100,
        is_active: random() < 0.85,
        tags: TAGS.filter(() => random() < 0.2),
      };
  }
}

function batchTypeFor(operation: string, outcome: 'success' | 'rejected' | 'invalid', deleted: boolean): string {
  if (outcome === 'invalid') return 'records_invalid';
  if (deleted) return 'records_deleted';
  if (operation === 'append') return 'records_appended';
  return 'records_updated';
}

/** The run's batches, in order; each batch holds records of one batch type. */
export function* generateRun(sync: DemoSync, shape: RunShape, random: DemoRandom): Generator<GeneratedBatch> {
  const rejections = REJECTION_MESSAGES[sync.destination];
  const sfId = () =>
    `003${Array.from({ length: 15 }, () => 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789'[Math.floor(random() * 58)]).join('')}`;
  let clock = shape.startedAt.getTime();
  for (let start = 0; start < shape.records; start += shape.batchSize) {
    const end = Math.min(shape.records, start + shape.batchSize);
    const batchStartedAt = new Date(clock);
    const batchEndedAt = new Date(clock + 4_000 + Math.floor(random() * 40_000));
    clock = batchEndedAt.getTime() + 500;
    const byType = new Map<string, SyncRecordInput[]>();
    for (let index = start; index < end; index++) {
      let identifier: string | null = identifierFor(sync, index);
      const payload = payloadFor(sync, identifier, index, random);
      const roll = random();
      let status: string;
      let statusMessage: string | null = null;
      let outcome: 'success' | 'rejected' | 'invalid' = 'success';
      if (roll < shape.invalidRate) {
        outcome = 'invalid';
        if (random() < 0.55) {
          status = 'NULL';
          identifier = null;
          statusMessage = 'The sync key is NULL for this record';
        } else {
          status = 'DUPLICATE';
          identifier = identifierFor(sync, Math.max(0, index - 1 - Math.floor(random() * 50)));
          statusMessage = 'Another record in this sync run has the same sync key';
        }
      } else if (roll < shape.invalidRate + shape.rejectRate) {
        outcome = 'rejected';
        status = 'rejected';
        const context: RejectionContext = {
          email: String(payload.email ?? `${identifier}@example.com`),
          name: String(payload.first_name ?? payload.name ?? identifier),
          number: Math.floor(random() * 100_000),
          pick: (items) => items[Math.floor(random() * items.length)]!,
          sfId,
        };
        statusMessage = pickWeighted(rejections, random)(context);
      } else {
        status = 'succeeded';
      }
      const deleted = sync.operation === 'mirror' && random() < 0.08;
      const operation = sync.operation === 'mirror' ? (deleted ? 'delete' : 'upsert') : sync.operation;
      const batchType = batchTypeFor(sync.operation, outcome, deleted);
      const record: SyncRecordInput = { identifier, payload, operation, status, statusMessage, batchStartedAt, batchEndedAt };
      const list = byType.get(batchType);
      if (list) list.push(record);
      else byType.set(batchType, [record]);
    }
    for (const [batchType, records] of byType) yield { batchType, records };
  }
}
