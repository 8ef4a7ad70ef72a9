import { describe, expect, it } from 'vitest';
import { decodeRunMetadata, parseRunMetadata } from './run-metadata.js';

const encode = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

describe('parseRunMetadata', () => {
  it('reads snake_case keys', () => {
    const metadata = parseRunMetadata({
      organization_id: 4821,
      workspace_id: '77',
      sync_configuration_id: 120,
      sync_run_id: '1200004',
      source_type: 'DataWarehouse::Query',
      source_id: 9001,
      destination_type: 'Salesforce::Connection',
      destination_id: '501',
      sync_run_start_time: '2026-11-23T06:00:00Z',
      record_payload_schema: { email: 'string', lifetime_value: 'number', is_active: 'boolean', tags: 'array' },
    });
    expect(metadata).toMatchObject({
      organizationId: '4821',
      workspaceId: '77',
      syncConfigurationId: '120',
      syncRunId: '1200004',
      sourceType: 'DataWarehouse::Query',
      sourceId: '9001',
      destinationType: 'Salesforce::Connection',
      destinationId: '501',
      recordPayloadSchema: { email: 'string', lifetime_value: 'number', is_active: 'boolean', tags: 'array' },
    });
    expect(metadata.runStartedAt?.toISOString()).toBe('2026-11-23T06:00:00.000Z');
  });

  it('reads camelCase keys, nested source and destination, and a schema given as a list', () => {
    const metadata = parseRunMetadata({
      organizationId: 'org-1',
      syncId: 'sync-2',
      syncRunId: 'run-3',
      source: { type: 'DataWarehouse::Table', id: 't1' },
      destination: { type: 'Braze::Connection', id: 'd1' },
      runStartedAt: '2026-01-02 03:04:05',
      recordPayloadSchema: [
        { name: 'external_id', type: 'string' },
        { name: 'sessions', type: 'number' },
      ],
    });
    expect(metadata).toMatchObject({
      organizationId: 'org-1',
      syncConfigurationId: 'sync-2',
      syncRunId: 'run-3',
      sourceType: 'DataWarehouse::Table',
      sourceId: 't1',
      destinationType: 'Braze::Connection',
      destinationId: 'd1',
      recordPayloadSchema: { external_id: 'string', sessions: 'number' },
    });
    // A time without a zone is UTC.
    expect(metadata.runStartedAt?.toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('keeps unknown keys in raw and never fails on them', () => {
    const raw = { sync_run_id: 5, something_new: { nested: [1, 2] }, status: 'working' };
    const metadata = parseRunMetadata(raw);
    expect(metadata.syncRunId).toBe('5');
    expect(metadata.raw).toEqual(raw);
    expect(metadata.organizationId).toBeNull();
    expect(metadata.runStartedAt).toBeNull();
    expect(metadata.recordPayloadSchema).toEqual({});
  });

  it('accepts epoch seconds and milliseconds as start times', () => {
    expect(parseRunMetadata({ started_at: 1_700_000_000 }).runStartedAt?.getTime()).toBe(1_700_000_000_000);
    expect(parseRunMetadata({ started_at: 1_700_000_000_123 }).runStartedAt?.getTime()).toBe(1_700_000_000_123);
  });
});

describe('decodeRunMetadata', () => {
  it('names the file when the JSON is invalid', () => {
    expect(() => decodeRunMetadata(encode('{"sync_run_id": '), 'bucket/run/metadata.json')).toThrowError(
      expect.objectContaining({ code: 'INVALID_DATA', message: expect.stringContaining('bucket/run/metadata.json is not valid JSON') }),
    );
  });

  it('rejects JSON that is not an object', () => {
    expect(() => decodeRunMetadata(encode([1, 2]), 'm.json')).toThrowError(
      expect.objectContaining({ code: 'INVALID_DATA', message: 'm.json must hold a JSON object, but holds an array' }),
    );
  });
});
