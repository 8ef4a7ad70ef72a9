// Who and what the demo bucket holds: organizations, their syncs to Salesforce-, HubSpot- and
// Braze-like destinations, and the fact tables that name them.
import type { FactTables } from '@synctrack/core';

export type DemoDestinationKind = 'salesforce' | 'hubspot' | 'braze';

export interface DemoSync {
  orgId: string;
  syncId: string;
  label: string;
  destination: DemoDestinationKind;
  operation: 'upsert' | 'update' | 'mirror' | 'append';
  sourceObjectId: string;
  destinationId: string;
  destinationObjectId: string;
  /** Records per run at scale 1. */
  recordsPerRun: number;
  runs: number;
  /** Share of rejected records in the newest run; older runs drift below it. */
  rejectRate: number;
  payloadSchema: Record<string, 'string' | 'number' | 'boolean' | 'array'>;
}

export interface DemoOrganization {
  orgId: string;
  workspaceId: string;
  name: string;
  tables: FactTables;
}

const CONTACT_SCHEMA = {
  email: 'string',
  first_name: 'string',
  last_name: 'string',
  phone: 'string',
  lifetime_value: 'number',
  is_active: 'boolean',
  tags: 'array',
} as const;

const COMPANY_SCHEMA = {
  domain: 'string',
  name: 'string',
  industry: 'string',
  employees: 'number',
  annual_revenue: 'number',
  is_customer: 'boolean',
} as const;

const USER_SCHEMA = {
  external_id: 'string',
  email: 'string',
  country: 'string',
  plan: 'string',
  sessions_30d: 'number',
  push_opt_in: 'boolean',
  favorite_categories: 'array',
} as const;

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  {
    orgId: '4821',
    workspaceId: '77',
    name: 'Acme Retail',
    tables: {
      sourceObjects: [
        { id: '9001', type: 'DataWarehouse::Query', name: 'dim_customers (dbt)', modelId: '311', businessObjectId: null, filterSegmentId: null, cohortId: null },
        { id: '9002', type: 'DataWarehouse::Table', name: 'analytics.accounts', modelId: null, businessObjectId: null, filterSegmentId: null, cohortId: null },
        { id: '9003', type: 'DataWarehouse::FilterSegmentSource', name: 'High-value app users', modelId: null, businessObjectId: null, filterSegmentId: '58', cohortId: null },
      ],
      destinations: [
        { id: '501', type: 'Salesforce::Connection', name: 'Salesforce (production)' },
        { id: '502', type: 'Hubspot::Connection', name: 'HubSpot Marketing' },
        { id: '503', type: 'Braze::Connection', name: 'Braze EU' },
      ],
      destinationObjects: [
        { id: '7001', type: 'Salesforce::ObjectTypes::Contact', name: 'Contact' },
        { id: '7002', type: 'Hubspot::ObjectTypes::Company', name: 'Company' },
        { id: '7003', type: 'Braze::ObjectTypes::User', name: 'User' },
      ],
    },
  },
  {
    orgId: '9113',
    workspaceId: '12',
    name: 'Northwind Health',
    tables: {
      sourceObjects: [
        { id: '9101', type: 'DataWarehouse::BusinessObjectSource', name: 'Patients entity', modelId: null, businessObjectId: '42', filterSegmentId: null, cohortId: null },
        { id: '9102', type: 'DataWarehouse::CohortSource', name: 'Onboarding experiment – cohort B', modelId: null, businessObjectId: null, filterSegmentId: '61', cohortId: '3' },
      ],
      destinations: [
        { id: '601', type: 'Salesforce::Connection', name: 'Salesforce Health Cloud' },
        { id: '602', type: 'Braze::Connection', name: 'Braze US' },
      ],
      destinationObjects: [
        { id: '7101', type: 'Salesforce::ObjectTypes::Contact', name: 'Contact' },
        { id: '7102', type: 'Braze::ObjectTypes::User', name: 'User' },
      ],
    },
  },
];

export const DEMO_SYNCS: DemoSync[] = [
  {
    orgId: '4821',
    syncId: '120',
    label: 'Customers → Salesforce Contacts',
    destination: 'salesforce',
    operation: 'upsert',
    sourceObjectId: '9001',
    destinationId: '501',
    destinationObjectId: '7001',
    recordsPerRun: 30_000,
    runs: 4,
    rejectRate: 0.07,
    payloadSchema: CONTACT_SCHEMA,
  },
  {
    orgId: '4821',
    syncId: '121',
    label: 'Accounts → HubSpot Companies',
    destination: 'hubspot',
    operation: 'update',
    sourceObjectId: '9002',
    destinationId: '502',
    destinationObjectId: '7002',
    recordsPerRun: 12_000,
    runs: 3,
    rejectRate: 0.04,
    payloadSchema: COMPANY_SCHEMA,
  },
  {
    orgId: '4821',
    syncId: '122',
    label: 'High-value users → Braze (mirror)',
    destination: 'braze',
    operation: 'mirror',
    sourceObjectId: '9003',
    destinationId: '503',
    destinationObjectId: '7003',
    recordsPerRun: 20_000,
    runs: 3,
    rejectRate: 0.03,
    payloadSchema: USER_SCHEMA,
  },
  {
    orgId: '9113',
    syncId: '340',
    label: 'Patients → Salesforce Health Cloud',
    destination: 'salesforce',
    operation: 'upsert',
    sourceObjectId: '9101',
    destinationId: '601',
    destinationObjectId: '7101',
    recordsPerRun: 15_000,
    runs: 3,
    rejectRate: 0.05,
    payloadSchema: CONTACT_SCHEMA,
  },
  {
    orgId: '9113',
    syncId: '341',
    label: 'Onboarding cohort → Braze',
    destination: 'braze',
    operation: 'append',
    sourceObjectId: '9102',
    destinationId: '602',
    destinationObjectId: '7102',
    recordsPerRun: 8_000,
    runs: 2,
    rejectRate: 0.06,
    payloadSchema: USER_SCHEMA,
  },
];
