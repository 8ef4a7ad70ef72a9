// Why a demo customer is rejected, in the style each destination's API words it, with the ids,
// values and numbers that make real messages differ from one record to the next. A problem stays
// with a customer from run to run until it is fixed; most are caused by a value in the payload
// (a malformed email, a missing last name), which the problem writes into it and a fix puts right,
// so a record's story shows the field that changed. Transient ones (a locked row, a rate limit)
// mostly clear by the next run on their own.
import type { JsonObject } from '@synctrack/core';
import type { DemoDestinationKind } from './demo-catalog.js';

export interface RejectionContext {
  /** The customer's payload in this run, after `corrupt`. */
  payload: JsonObject;
  identifier: string;
  number: number;
  pick: <T>(items: readonly T[]) => T;
  sfId: () => string;
}

export interface RejectionKind {
  /** How often it is the reason, relative to the destination's other kinds. */
  weight: number;
  message: (context: RejectionContext) => string;
  /** Writes the bad value into the payload; a fix restores the field. */
  corrupt?: (payload: JsonObject) => void;
  /** Clears up by itself: fixed by the next run more often than not. */
  transient?: boolean;
}

const text = (value: unknown) => String(value ?? '');

/** Weighted so that a few kinds dominate, as they do in real runs. */
export const REJECTION_KINDS: Record<DemoDestinationKind, RejectionKind[]> = {
  salesforce: [
    {
      weight: 40,
      message: (c) => `INVALID_EMAIL_ADDRESS: Email: invalid email address: ${text(c.payload.email)}`,
      corrupt: (p) => {
        p.email = text(p.email).replace('@', '@@');
      },
    },
    { weight: 22, message: () => 'REQUIRED_FIELD_MISSING: Required fields are missing: [LastName]', corrupt: (p) => void (p.last_name = null) },
    { weight: 14, message: (c) => `DUPLICATE_VALUE: duplicate value found: External_Id__c duplicates value on record with id: ${c.sfId()}` },
    {
      weight: 9,
      message: () => 'FIELD_CUSTOM_VALIDATION_EXCEPTION: Phone must be in E.164 format, e.g. +14155550123',
      corrupt: (p) => {
        p.phone = text(p.phone).replace(/^\+1(\d{3})(\d{3})(\d{4})$/, '($1) $2-$3');
      },
    },
    {
      weight: 7,
      message: (c) => `STRING_TOO_LONG: Title: data value too large: "${text(c.payload.first_name)} – Senior Vice President of Global Strategic Partnerships and Alliances" (max length=80)`,
    },
    { weight: 5, message: (c) => `UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record or 1 records: ${c.sfId()}`, transient: true },
    { weight: 3, message: () => 'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: insufficient access rights on cross-reference id' },
  ],
  hubspot: [
    {
      weight: 38,
      message: (c) => `Property values were not valid: [{"isValid":false,"message":"${text(c.payload.annual_revenue)} is not a valid number for annualrevenue","error":"INVALID_DECIMAL","name":"annualrevenue"}]`,
      corrupt: (p) => {
        p.annual_revenue = -Math.abs(Number(p.annual_revenue) || 1);
      },
    },
    { weight: 25, message: (c) => `Company already exists. Existing ID: ${5_000_000 + c.number}` },
    {
      weight: 18,
      message: () => 'Property "industry" value "Biotech & Pharma" is not one of the allowed options',
      corrupt: (p) => void (p.industry = 'Biotech & Pharma'),
    },
    { weight: 12, message: () => 'OBJECT_NOT_FOUND: Could not find company with domain to update' },
    { weight: 7, message: (c) => `You have reached your secondly limit (429). Retry after ${1 + (c.number % 9)}s`, transient: true },
  ],
  braze: [
    {
      weight: 45,
      message: (c) => `'email' is not a valid email address: '${text(c.payload.email)}'`,
      corrupt: (p) => {
        p.email = text(p.email).replace('@', ' at ');
      },
    },
    { weight: 20, message: () => "Invalid attribute 'date_of_birth': expected a date in YYYY-MM-DD format" },
    { weight: 15, message: () => 'User is on the global blocklist and cannot be updated' },
    { weight: 12, message: (c) => `'external_id' exceeds the maximum length of 512 characters (got ${513 + c.number})` },
    { weight: 8, message: () => 'Custom attribute array "favorite_categories" exceeds 25 items', transient: true },
  ],
};

/**
 * The error that first appears in the newest completed run of each sync: a change upstream (a new
 * picklist value, a new plan, a type change) that the destination refuses. It comes with the
 * payload change that causes it, so the customers it hits show that field changed.
 */
export const NEW_REJECTION: Record<DemoDestinationKind, RejectionKind> = {
  salesforce: {
    weight: 0,
    message: () => 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: Lead Source: bad value for restricted picklist field: Partner Referral',
    corrupt: (p) => {
      p.tags = [...(Array.isArray(p.tags) ? p.tags : []), 'partner-referral'];
    },
  },
  hubspot: {
    weight: 0,
    message: (c) => `Property "domain" value "${text(c.payload.domain)}" is not a valid domain name`,
    corrupt: (p) => void (p.domain = `https://www.${text(p.domain)}/`),
  },
  braze: {
    weight: 0,
    message: (c) => `Invalid value for 'plan': '${text(c.payload.plan)}' is not an allowed subscription state`,
    corrupt: (p) => void (p.plan = 'trial-extended'),
  },
};

export function pickWeighted<T extends { weight: number }>(entries: readonly T[], random: () => number): T {
  const total = entries.reduce((sum, entry) => sum + entry.weight, 0);
  let roll = random() * total;
  for (const entry of entries) {
    roll -= entry.weight;
    if (roll < 0) return entry;
  }
  return entries.at(-1)!;
}
