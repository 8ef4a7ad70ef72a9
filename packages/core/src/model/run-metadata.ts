// A sync run's `metadata.json`, normalised. Census does not publish the exact key names, so the
// parser accepts snake_case and camelCase spellings (and a few nested shapes), keeps the raw JSON,
// and never fails on keys it does not know.
import { InvalidDataError } from '../errors/invalid-data-error.js';
import type { JsonObject, JsonValue } from './json-value.js';

/** JSON types Census reports for payload fields; other strings are kept as they are. */
export type PayloadFieldType = 'string' | 'number' | 'boolean' | 'array' | (string & {});

export interface RunMetadata {
  organizationId: string | null;
  workspaceId: string | null;
  syncConfigurationId: string | null;
  syncRunId: string | null;
  sourceType: string | null;
  sourceId: string | null;
  destinationType: string | null;
  destinationId: string | null;
  /** When the destination object is named in the metadata (joins the destination objects table). */
  destinationObjectId: string | null;
  runStartedAt: Date | null;
  /** Field name in `record_payload` → its JSON type. */
  recordPayloadSchema: Record<string, PayloadFieldType>;
  /** The file as written, for keys this version does not model. */
  raw: JsonObject;
}

const ALIASES = {
  organizationId: ['organization_id', 'org_id', 'organization'],
  workspaceId: ['workspace_id', 'workspace'],
  syncConfigurationId: ['sync_configuration_id', 'sync_config_id', 'sync_id', 'sync'],
  syncRunId: ['sync_run_id', 'run_id', 'sync_run'],
  sourceType: ['source_type', 'source_connection_type'],
  sourceId: ['source_id', 'source_object_id', 'source_connection_id'],
  destinationType: ['destination_type', 'destination_connection_type'],
  destinationId: ['destination_id', 'destination_connection_id'],
  destinationObjectId: ['destination_object_id'],
  runStartedAt: [
    'sync_run_start_time',
    'sync_run_started_at',
    'run_started_at',
    'started_at',
    'start_time',
    'sync_run_start',
    'created_at',
  ],
  recordPayloadSchema: ['record_payload_schema', 'payload_schema', 'record_schema', 'schema'],
} as const;

/** `organization_id`, `organizationId` and `OrganizationID` all become `organizationid`. */
function normalizeKey(key: string): string {
  return key.replace(/[_\-\s]/g, '').toLowerCase();
}

function pick(object: JsonObject, aliases: readonly string[]): JsonValue | undefined {
  const normalized = new Map<string, JsonValue>();
  for (const [key, value] of Object.entries(object)) normalized.set(normalizeKey(key), value);
  for (const alias of aliases) {
    const value = normalized.get(normalizeKey(alias));
    if (value !== undefined) return value;
  }
  return undefined;
}

function asId(value: JsonValue | undefined): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

function asDate(value: JsonValue | undefined): Date | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // Epoch seconds, milliseconds or microseconds, by magnitude.
    const ms = value < 1e11 ? value * 1000 : value < 1e14 ? value : value / 1000;
    return new Date(ms);
  }
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = /^\d{4}-\d\d-\d\d \d/.test(value) ? value.replace(' ', 'T') : value;
  const hasZone = /(Z|[+-]\d\d:?\d\d|UTC)$/i.test(text.trim());
  const date = new Date(hasZone ? text.replace(/\s*UTC$/i, 'Z') : `${text}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}

function asSchema(value: JsonValue | undefined): Record<string, PayloadFieldType> {
  const schema: Record<string, PayloadFieldType> = {};
  if (Array.isArray(value)) {
    // [{ "name": "email", "type": "string" }, …]
    for (const entry of value) {
      const field = asObject(entry);
      const name = field && (field.name ?? field.field ?? field.key);
      const type = field && (field.type ?? field.json_type ?? field.jsonType);
      if (typeof name === 'string' && typeof type === 'string') schema[name] = type;
    }
    return schema;
  }
  const object = asObject(value);
  if (object === undefined) return schema;
  // { "email": "string" } or JSON-Schema-like { "properties": { "email": { "type": "string" } } }
  const properties = asObject(object.properties) ?? object;
  for (const [name, type] of Object.entries(properties)) {
    if (typeof type === 'string') schema[name] = type;
    else if (typeof asObject(type)?.type === 'string') schema[name] = asObject(type)!.type as string;
  }
  return schema;
}

/** Reads `{ type, id }` from a nested `source` / `destination` object when flat keys are absent. */
function nested(raw: JsonObject, key: 'source' | 'destination', field: 'type' | 'id'): string | null {
  const object = asObject(pick(raw, [key, `${key}_connection`]));
  return object === undefined ? null : asId(pick(object, [field, `${key}_${field}`]));
}

export function parseRunMetadata(raw: JsonObject): RunMetadata {
  const id = (name: keyof typeof ALIASES) => asId(pick(raw, ALIASES[name]));
  return {
    organizationId: id('organizationId'),
    workspaceId: id('workspaceId'),
    syncConfigurationId: id('syncConfigurationId'),
    syncRunId: id('syncRunId'),
    sourceType: id('sourceType') ?? nested(raw, 'source', 'type'),
    sourceId: id('sourceId') ?? nested(raw, 'source', 'id'),
    destinationType: id('destinationType') ?? nested(raw, 'destination', 'type'),
    destinationId: id('destinationId') ?? nested(raw, 'destination', 'id'),
    destinationObjectId: id('destinationObjectId'),
    runStartedAt: asDate(pick(raw, ALIASES.runStartedAt)),
    recordPayloadSchema: asSchema(pick(raw, ALIASES.recordPayloadSchema)),
    raw,
  };
}

/** Parses `metadata.json` bytes; a file that is not a JSON object is an InvalidDataError naming it. */
export function decodeRunMetadata(bytes: Uint8Array, file: string): RunMetadata {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  } catch (error) {
    throw new InvalidDataError({
      message: `${file} is not valid JSON: ${(error as Error).message}`,
      context: { file },
      cause: error,
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new InvalidDataError({
      message: `${file} must hold a JSON object, but holds ${Array.isArray(parsed) ? 'an array' : parsed === null ? 'null' : typeof parsed}`,
      context: { file },
    });
  }
  return parseRunMetadata(parsed as JsonObject);
}
