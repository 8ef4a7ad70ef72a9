// The customers a demo sync sends, and how each one changes from run to run. A customer keeps its
// identifier, name and email in every run; between runs a few payload fields drift (lifetime value,
// sessions, a tag), a few customers leave and new ones arrive, and rejections follow the customer:
// a problem stays until it is fixed (most fixes change the payload field that caused it), transient
// ones clear by themselves, and new problems start. From the newest completed run on, a new kind
// of error appears. Runs must be generated in order: each one moves every customer it holds on
// from the run before.
import type { JsonObject } from '@synctrack/core';
import type { DemoSync } from './demo-catalog.js';
import { demoRandom, type DemoRandom } from './demo-random.js';
import { NEW_REJECTION, REJECTION_KINDS, pickWeighted, type RejectionKind } from './rejection-messages.js';

const FIRST = ['Ada', 'Grace', 'Alan', 'Katherine', 'Linus', 'Margaret', 'José', 'Zoë', 'Søren', 'Mei', 'Amara', 'Dmitri', 'Priya', 'Kwame', 'Ingrid', 'Yuki'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Johnson', 'Torvalds', 'Hamilton', 'García', 'Müller', 'Kierkegaard', 'Chen', 'Okafor', 'Ivanov', 'Patel', 'Mensah', 'Larsen', 'Tanaka'];
const DOMAINS = ['example.com', 'acme.io', 'mail.test', 'northwind.health', 'globex.net', 'initech.org'];
const INDUSTRIES = ['Retail', 'Software', 'Healthcare', 'Logistics', 'Education'];
const COUNTRIES = ['US', 'DE', 'FR', 'JP', 'BR', 'IN', 'GB', 'NG'];
const PLANS = ['free', 'plus', 'pro', 'enterprise'];
const CATEGORIES = ['shoes', 'outdoor', 'books', 'kitchen', 'garden', 'toys', 'audio'];
const TAGS = ['vip', 'newsletter', 'churn-risk', 'beta', 'wholesale'];

/** Share of a run's customers who are not in the next one (and as many new ones who are). */
const TURNOVER = 0.02;
/** Chance that a lasting problem is fixed by the next run. */
const FIX_RATE = 0.3;
const TRANSIENT_FIX_RATE = 0.85;
/** Share of customers the new error hits in the run it appears. */
const NEW_ERROR_SHARE = 0.012;

/**
 * Customers whose story is written out, run by run (an index into the destination's rejection
 * kinds, or null for none), so that the documentation's example, `synctrack history …/120 1008196`,
 * tells one: the email breaks in the second run and is fixed in the fourth.
 */
const SCRIPTED_STORIES: Record<string, Record<number, Array<number | null>>> = {
  '120': { 8196: [null, 0, 0, null, null] },
};

export interface DemoProblem {
  kind: RejectionKind;
  message: string;
}

/** One customer as a run sends it. */
export interface DemoMember {
  index: number;
  identifier: string;
  payload: JsonObject;
  problem: DemoProblem | null;
  /** Its story is written out: Census's own checks leave it alone too. */
  scripted: boolean;
}

interface Customer {
  identifier: string;
  /** The payload as the warehouse holds it, before a problem writes its bad value into it. */
  clean: JsonObject;
  problem: DemoProblem | null;
}

export interface PopulationRun {
  runIndex: number;
  /** Share of customers rejected that the run aims at. */
  rejectRate: number;
  /** The new error type is in this run (the newest completed run and any after it). */
  newError: boolean;
}

const plain = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');

export function identifierFor(sync: DemoSync, index: number): string {
  switch (sync.destination) {
    case 'hubspot':
      return `acct_${(100_000 + index).toString(36)}`;
    case 'braze':
      return `usr-${(7_000_000 + index * 7919) % 9_999_991}`;
    default:
      return String(1_000_000 + index);
  }
}

/** Who customer `index` is: the same in every run, and at every scale. */
function basePayload(sync: DemoSync, identifier: string, index: number): JsonObject {
  const random = demoRandom(Number(sync.syncId) * 1_000_003 + index);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const first = pick(FIRST);
  const last = pick(LAST);
  const email = plain(`${first}.${last}${index % 97}@${pick(DOMAINS)}`.toLowerCase());
  switch (sync.destination) {
    case 'hubspot':
      return {
        domain: `${plain(last.toLowerCase())}-${index}.com`,
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

/** What changes in the warehouse between two runs: a few fields of a few customers. */
function drift(sync: DemoSync, payload: JsonObject, random: DemoRandom): void {
  const chance = (share: number) => random() < share;
  switch (sync.destination) {
    case 'hubspot':
      if (chance(0.08)) payload.employees = Math.max(1, Math.round(Number(payload.employees) * (0.9 + random() * 0.3)));
      if (chance(0.12)) payload.annual_revenue = Math.round(Number(payload.annual_revenue) * (0.95 + random() * 0.2));
      if (chance(0.02)) payload.is_customer = !payload.is_customer;
      return;
    case 'braze':
      if (chance(0.2)) payload.sessions_30d = Math.floor(random() * 120);
      if (chance(0.03)) payload.plan = PLANS[Math.floor(random() * PLANS.length)]!;
      if (chance(0.03)) payload.push_opt_in = !payload.push_opt_in;
      return;
    default:
      if (chance(0.15)) payload.lifetime_value = Math.round((Number(payload.lifetime_value) + random() * 400) * 100) / 100;
      if (chance(0.02)) payload.is_active = !payload.is_active;
      if (chance(0.03)) payload.tags = TAGS.filter(() => random() < 0.2);
  }
}

export class DemoPopulation {
  private readonly customers: Customer[] = [];
  /** Share of the previous run's customers that were rejected. */
  private lastRate = 0;
  private lastRun = -1;

  constructor(
    private readonly sync: DemoSync,
    /** Customers per run. */
    private readonly perRun: number,
  ) {}

  /** The first customer of run `runIndex`: the window slides by the turnover each run. */
  private firstOf(runIndex: number): number {
    return runIndex * Math.round(this.perRun * TURNOVER);
  }

  /** Run `runIndex`'s customers in order, each moved on from the run before (runs come in order). */
  *run(options: PopulationRun, random: DemoRandom, sfId: () => string): Generator<DemoMember> {
    if (options.runIndex <= this.lastRun) throw new Error(`demo runs must be generated in order (${options.runIndex} after ${this.lastRun})`);
    const previousFirst = this.lastRun < 0 ? Number.POSITIVE_INFINITY : this.firstOf(this.lastRun);
    const previousEnd = this.lastRun < 0 ? Number.NEGATIVE_INFINITY : previousFirst + this.perRun;
    this.lastRun = options.runIndex;
    // New problems start at the rate that brings the share rejected to the run's aim.
    const kept = this.lastRate * (1 - FIX_RATE);
    const start = Math.max(0.002, (options.rejectRate - kept) / Math.max(0.5, 1 - this.lastRate));
    const kinds = REJECTION_KINDS[this.sync.destination];
    const newKind = NEW_REJECTION[this.sync.destination];
    let rejected = 0;
    let seen = 0;
    const first = this.firstOf(options.runIndex);
    for (let index = first; index < first + this.perRun; index++) {
      const carried = index >= previousFirst && index < previousEnd;
      let customer = this.customers[index];
      if (customer === undefined) {
        const identifier = identifierFor(this.sync, index);
        customer = { identifier, clean: basePayload(this.sync, identifier, index), problem: null };
        this.customers[index] = customer;
      }
      let problem = customer.problem;
      if (carried) {
        drift(this.sync, customer.clean, random);
        if (problem !== null && random() < (problem.kind.transient ? TRANSIENT_FIX_RATE : FIX_RATE)) problem = null;
        else if (problem === null && random() < start) problem = this.newProblem(customer, pickWeighted(kinds, random), random, sfId);
      } else if (random() < options.rejectRate) {
        problem = this.newProblem(customer, pickWeighted(kinds, random), random, sfId);
      }
      const script = SCRIPTED_STORIES[this.sync.syncId]?.[index];
      if (script !== undefined) {
        const kind = kinds[script[options.runIndex] ?? -1];
        problem = kind === undefined ? null : customer.problem?.kind === kind ? customer.problem : this.newProblem(customer, kind, random, sfId);
      } else if (options.newError && problem === null && customer.problem?.kind !== newKind && random() < NEW_ERROR_SHARE) {
        problem = this.newProblem(customer, newKind, random, sfId);
      }
      customer.problem = problem;
      const payload = structuredClone(customer.clean);
      problem?.kind.corrupt?.(payload);
      if (problem !== null) rejected++;
      seen++;
      yield { index, identifier: customer.identifier, payload, problem, scripted: script !== undefined };
    }
    this.lastRate = seen === 0 ? 0 : rejected / seen;
  }

  private newProblem(customer: Customer, kind: RejectionKind, random: DemoRandom, sfId: () => string): DemoProblem {
    const payload = structuredClone(customer.clean);
    kind.corrupt?.(payload);
    const message = kind.message({
      payload,
      identifier: customer.identifier,
      number: Math.floor(random() * 100_000),
      pick: (items) => items[Math.floor(random() * items.length)]!,
      sfId,
    });
    return { kind, message };
  }
}
