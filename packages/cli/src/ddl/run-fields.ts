// How each column of `runs` is read from a metadata.json in an engine's SQL: the first of the key
// spellings core's parser accepts that the document has (snake_case and camelCase; core also matches
// any case and nested `source`/`destination` objects, which SQL engines do not).
export interface RunField {
  column: string;
  keys: readonly string[];
  kind: 'text' | 'timestamp' | 'json';
}

export const RUN_FIELDS: readonly RunField[] = [
  { column: 'organization_id', keys: ['organization_id', 'organizationId', 'org_id'], kind: 'text' },
  { column: 'workspace_id', keys: ['workspace_id', 'workspaceId'], kind: 'text' },
  { column: 'sync_configuration_id', keys: ['sync_configuration_id', 'syncConfigurationId', 'sync_config_id', 'sync_id'], kind: 'text' },
  { column: 'sync_run_id', keys: ['sync_run_id', 'syncRunId', 'run_id'], kind: 'text' },
  { column: 'source_type', keys: ['source_type', 'sourceType'], kind: 'text' },
  { column: 'source_id', keys: ['source_id', 'sourceId', 'source_object_id'], kind: 'text' },
  { column: 'destination_type', keys: ['destination_type', 'destinationType'], kind: 'text' },
  { column: 'destination_id', keys: ['destination_id', 'destinationId'], kind: 'text' },
  { column: 'destination_object_id', keys: ['destination_object_id', 'destinationObjectId'], kind: 'text' },
  {
    column: 'run_started_at',
    keys: ['sync_run_start_time', 'syncRunStartTime', 'sync_run_started_at', 'run_started_at', 'started_at', 'start_time'],
    kind: 'timestamp',
  },
  { column: 'record_payload_schema', keys: ['record_payload_schema', 'recordPayloadSchema', 'payload_schema'], kind: 'json' },
];

/** Every key any field reads, for engines that declare the document's columns up front. */
export const RUN_DOCUMENT_KEYS: readonly string[] = [...new Set(RUN_FIELDS.flatMap((field) => field.keys))];

/** `COALESCE(a, b, …)` over each key's expression; one key needs no COALESCE. */
export function coalesceKeys(field: RunField, expression: (key: string) => string): string {
  const parts = field.keys.map(expression);
  return parts.length === 1 ? parts[0]! : `COALESCE(${parts.join(', ')})`;
}
