// Error messages in the style each destination's API returns them, with the ids, values and
// numbers that make real messages differ from one record to the next.
import type { DemoDestinationKind } from './demo-catalog.js';

export interface RejectionContext {
  email: string;
  name: string;
  number: number;
  pick: <T>(items: readonly T[]) => T;
  sfId: () => string;
}

type MessageMaker = (context: RejectionContext) => string;

/** Weighted so that a few messages dominate, as they do in real runs. */
export const REJECTION_MESSAGES: Record<DemoDestinationKind, Array<[number, MessageMaker]>> = {
  salesforce: [
    [40, (c) => `INVALID_EMAIL_ADDRESS: Email: invalid email address: ${c.email.replace('@', '@@')}`],
    [22, () => 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]'],
    [14, (c) => `DUPLICATE_VALUE: duplicate value found: External_Id__c duplicates value on record with id: ${c.sfId()}`],
    [9, () => 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Phone must be in E.164 format, e.g. +14155550123'],
    [7, (c) => `STRING_TOO_LONG: Title: data value too large: "${c.name} – Senior Vice President of Global Strategic Partnerships and Alliances" (max length=80)`],
    [5, (c) => `UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record or 1 records: ${c.sfId()}`],
    [3, () => 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: insufficient access rights on cross-reference id'],
  ],
  hubspot: [
    [38, (c) => `Property values were not valid: [{"isValid":false,"message":"${c.number} is not a valid number for annualrevenue","error":"INVALID_DECIMAL","name":"annualrevenue"}]`],
    [25, (c) => `Company already exists. Existing ID: ${5_000_000 + c.number}`],
    [18, () => 'Property "industry" value "Biotech & Pharma" is not one of the allowed options'],
    [12, () => 'OBJECT_NOT_FOUND: Could not find company with domain to update'],
    [7, (c) => `You have reached your secondly limit (429). Retry after ${1 + (c.number % 9)}s`],
  ],
  braze: [
    [45, (c) => `'email' is not a valid email address: '${c.email.replace('.', '')}'`],
    [20, () => "Invalid attribute 'date_of_birth': expected a date in YYYY-MM-DD format"],
    [15, () => 'User is on the global blocklist and cannot be updated'],
    [12, (c) => `'external_id' exceeds the maximum length of 512 characters (got ${513 + c.number})`],
    [8, () => 'Custom attribute array "favorite_categories" exceeds 25 items'],
  ],
};

export function pickWeighted<T>(entries: Array<[number, T]>, random: () => number): T {
  const total = entries.reduce((sum, [weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [weight, value] of entries) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return entries.at(-1)![1];
}
