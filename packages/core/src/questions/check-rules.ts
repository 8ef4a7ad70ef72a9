// The rules `check` tests a run against, and how each is judged from what was measured. Rates are
// percentages of the run's records (0-100); a rule that needs the previous run holds, with a
// message that says so, when there is none (a sync's first run has nothing to have got worse than).
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

export interface CheckRules {
  /** At most this percentage of the run's records rejected. */
  maxRejectedRate?: number;
  /** At most this percentage of the run's records invalid. */
  maxInvalidRate?: number;
  /** At most this many rejected records. */
  maxRejected?: number;
  /** At most this many identifiers failing in this run that were not failing in the previous one. */
  maxNewlyFailing?: number;
  /** At most this many error messages (or templates) that no rejected record of the previous run had. */
  maxNewErrors?: number;
  /** The rejected rate may rise by at most this many percentage points over the previous run's. */
  maxRejectedRateIncrease?: number;
  /** At least this many records. */
  minRecords?: number;
}

export type CheckRuleName = keyof CheckRules;

/** Every rule, in the order results list them. */
export const CHECK_RULES: readonly CheckRuleName[] = [
  'minRecords',
  'maxRejected',
  'maxRejectedRate',
  'maxInvalidRate',
  'maxRejectedRateIncrease',
  'maxNewlyFailing',
  'maxNewErrors',
];

/** Rules whose limits are counts (whole numbers); the others are percentages. */
const COUNT_RULES = new Set<CheckRuleName>(['maxRejected', 'maxNewlyFailing', 'maxNewErrors', 'minRecords']);

/** Rules that compare with the previous run. */
export const PREVIOUS_RUN_RULES = new Set<CheckRuleName>(['maxNewlyFailing', 'maxNewErrors', 'maxRejectedRateIncrease']);

export interface RuleResult {
  rule: CheckRuleName;
  limit: number;
  /** What was measured; null when the rule could not be measured (no previous run). */
  value: number | null;
  ok: boolean;
  message: string;
}

/** What the rules are judged on. Values the rules set do not need may be left out. */
export interface CheckMeasures {
  total: number;
  rejected: number;
  invalid: number;
  /** The previous run's records; null without a previous run. */
  previous: { total: number; rejected: number } | null;
  newlyFailing: number | null;
  /** The new messages or templates; null without a previous run. */
  newErrors: string[] | null;
  /** Whether `newErrors` are templates. */
  templates: boolean;
}

/** Throws InvalidArgumentError naming the rule when a limit is not a finite, non-negative number (counts: an integer). */
export function checkRuleLimits(rules: CheckRules): CheckRuleName[] {
  if (typeof rules !== 'object' || rules === null) {
    throw new InvalidArgumentError({ message: `check takes its rules as an object, got ${rules === null ? 'null' : typeof rules}`, context: { argument: 'rules' } });
  }
  for (const name of Object.keys(rules)) {
    if (!(CHECK_RULES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError({ message: `check has no rule "${name}"; the rules are ${CHECK_RULES.join(', ')}`, context: { argument: name } });
    }
  }
  const set = CHECK_RULES.filter((name) => rules[name] !== undefined);
  for (const name of set) {
    const limit = rules[name];
    const whole = COUNT_RULES.has(name);
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0 || (whole && !Number.isInteger(limit))) {
      throw new InvalidArgumentError({
        message: `${name} must be a ${whole ? 'non-negative integer' : 'non-negative number (a percentage)'}, got ${String(limit)}`,
        context: { argument: name },
      });
    }
  }
  return set;
}

/** The rejected or invalid share of `total`, in percent (0 for a run of no records): what rate rules judge. */
export function ratePercent(count: number, total: number): number {
  return total === 0 ? 0 : (count / total) * 100;
}

/** The share of `total` as a ratio from 0 to 1, as runs report it (`RunStats.rejectedRate`); null for a run of no records. */
export function rateRatio(count: number, total: number): number | null {
  return total === 0 ? null : count / total;
}

const percent = (value: number) => `${Number(value.toFixed(2))}%`;

/** Judges each rule set in `rules`, in CHECK_RULES order. */
export function judgeRules(rules: CheckRules, measures: CheckMeasures): RuleResult[] {
  return checkRuleLimits(rules).map((rule) => judge(rule, rules[rule]!, measures));
}

function judge(rule: CheckRuleName, limit: number, m: CheckMeasures): RuleResult {
  const rejectedRate = ratePercent(m.rejected, m.total);
  switch (rule) {
    case 'minRecords':
      return result(rule, limit, m.total, m.total >= limit, `${m.total} records (at least ${limit})`);
    case 'maxRejected':
      return result(rule, limit, m.rejected, m.rejected <= limit, `${m.rejected} rejected records (at most ${limit})`);
    case 'maxRejectedRate':
      return result(rule, limit, rejectedRate, rejectedRate <= limit, `${percent(rejectedRate)} of records rejected (at most ${percent(limit)})`);
    case 'maxInvalidRate': {
      const rate = ratePercent(m.invalid, m.total);
      return result(rule, limit, rate, rate <= limit, `${percent(rate)} of records invalid (at most ${percent(limit)})`);
    }
    case 'maxRejectedRateIncrease': {
      if (m.previous === null) return noPrevious(rule, limit);
      const previousRate = ratePercent(m.previous.rejected, m.previous.total);
      const rise = rejectedRate - previousRate;
      return result(
        rule,
        limit,
        rise,
        rise <= limit,
        `rejected rate ${percent(previousRate)} → ${percent(rejectedRate)}, ${rise >= 0 ? '+' : ''}${Number(rise.toFixed(2))} points (at most +${Number(limit.toFixed(2))})`,
      );
    }
    case 'maxNewlyFailing':
      if (m.newlyFailing === null) return noPrevious(rule, limit);
      return result(rule, limit, m.newlyFailing, m.newlyFailing <= limit, `${m.newlyFailing} identifiers newly failing (at most ${limit})`);
    case 'maxNewErrors': {
      if (m.newErrors === null) return noPrevious(rule, limit);
      const count = m.newErrors.length;
      const kind = m.templates ? 'error templates' : 'error messages';
      const shown = m.newErrors.slice(0, 3).map((text) => JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text));
      const more = count > 3 ? `, and ${count - 3} more` : '';
      return result(rule, limit, count, count <= limit, `${count} new ${kind} (at most ${limit})${count > 0 ? `: ${shown.join(', ')}${more}` : ''}`);
    }
  }
}

function result(rule: CheckRuleName, limit: number, value: number, ok: boolean, message: string): RuleResult {
  return { rule, limit, value, ok, message };
}

function noPrevious(rule: CheckRuleName, limit: number): RuleResult {
  return { rule, limit, value: null, ok: true, message: 'no previous run to compare with' };
}
