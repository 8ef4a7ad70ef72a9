-- synctrack ddl --engine clickhouse s3://acme-census/exports
-- records: every record file (metadata.json excluded), columns by name across file generations, with
-- org_id, sync_id, run_id, file, batch_type, batch_number and outcome; runs: one row per metadata.json;
-- source_objects, destinations, destination_objects: the fact tables; errors_by_message: rejected
-- records per run and message. Set up first:
--   ClickHouse 23.8 or newer, and credentials for the bucket where the s3() function finds them:
--   an <s3> endpoint section with access keys, or use_environment_credentials, in the server config,
--   or a named collection (then replace each URL with that collection). The views read the files at
--   every query: for repeated use, INSERT INTO a MergeTree table SELECT * FROM records.

-- Every record; `*` stops at `/`, so only the run folders’ Parquet files are read.
CREATE OR REPLACE VIEW records AS
SELECT
  identifier,
  record_payload,
  operation,
  status,
  status_message,
  batch_started_at,
  batch_ended_at,
  sync_configuration_id,
  sync_run_id,
  census_sync_tracking_internal_id,
  nullIf(extract(_path, 'sync_tracking_datasets/([^/]+)/[^/]+/[^/]+/[^/]+$'), '') AS org_id,
  nullIf(extract(_path, 'sync_tracking_datasets/[^/]+/([^/]+)/[^/]+/[^/]+$'), '') AS sync_id,
  nullIf(extract(_path, 'sync_tracking_datasets/[^/]+/[^/]+/([^/]+)/[^/]+$'), '') AS run_id,
  _file AS file,
  replaceRegexpOne(_file, '([.][0-9]+)?[.]parquet$', '') AS batch_type,
  toInt64OrNull(nullIf(extract(_file, '[.]([0-9]+)[.]parquet$'), '')) AS batch_number,
  CASE WHEN status IS NULL THEN 'invalid' WHEN lower(status) IN ('succeeded', 'success') THEN 'success' WHEN lower(status) IN ('null', 'duplicate') THEN 'invalid' ELSE 'rejected' END AS outcome
FROM s3('https://acme-census.s3.amazonaws.com/exports/sync_tracking_datasets/*/*/*/*.parquet', 'Parquet',
  'identifier Nullable(String), record_payload Nullable(String), operation Nullable(String), status Nullable(String), status_message Nullable(String), batch_started_at Nullable(DateTime64(6, ''UTC'')), batch_ended_at Nullable(DateTime64(6, ''UTC'')), sync_configuration_id Nullable(String), sync_run_id Nullable(String), census_sync_tracking_internal_id Nullable(String)')
WHERE match(_file, '^[A-Za-z0-9_-]+([.][0-9]+)?[.]parquet$')
SETTINGS input_format_parquet_allow_missing_columns = 1;

-- One row per run, from its metadata.json read whole.
CREATE OR REPLACE VIEW runs AS
SELECT
  nullIf(extract(_path, 'sync_tracking_datasets/([^/]+)/[^/]+/[^/]+/[^/]+$'), '') AS org_id,
  nullIf(extract(_path, 'sync_tracking_datasets/[^/]+/([^/]+)/[^/]+/[^/]+$'), '') AS sync_id,
  nullIf(extract(_path, 'sync_tracking_datasets/[^/]+/[^/]+/([^/]+)/[^/]+$'), '') AS run_id,
  COALESCE(nullIf(JSON_VALUE(json, '$.organization_id'), ''), nullIf(JSON_VALUE(json, '$.organizationId'), ''), nullIf(JSON_VALUE(json, '$.org_id'), '')) AS organization_id,
  COALESCE(nullIf(JSON_VALUE(json, '$.workspace_id'), ''), nullIf(JSON_VALUE(json, '$.workspaceId'), '')) AS workspace_id,
  COALESCE(nullIf(JSON_VALUE(json, '$.sync_configuration_id'), ''), nullIf(JSON_VALUE(json, '$.syncConfigurationId'), ''), nullIf(JSON_VALUE(json, '$.sync_config_id'), ''), nullIf(JSON_VALUE(json, '$.sync_id'), '')) AS sync_configuration_id,
  COALESCE(nullIf(JSON_VALUE(json, '$.sync_run_id'), ''), nullIf(JSON_VALUE(json, '$.syncRunId'), ''), nullIf(JSON_VALUE(json, '$.run_id'), '')) AS sync_run_id,
  COALESCE(nullIf(JSON_VALUE(json, '$.source_type'), ''), nullIf(JSON_VALUE(json, '$.sourceType'), '')) AS source_type,
  COALESCE(nullIf(JSON_VALUE(json, '$.source_id'), ''), nullIf(JSON_VALUE(json, '$.sourceId'), ''), nullIf(JSON_VALUE(json, '$.source_object_id'), '')) AS source_id,
  COALESCE(nullIf(JSON_VALUE(json, '$.destination_type'), ''), nullIf(JSON_VALUE(json, '$.destinationType'), '')) AS destination_type,
  COALESCE(nullIf(JSON_VALUE(json, '$.destination_id'), ''), nullIf(JSON_VALUE(json, '$.destinationId'), '')) AS destination_id,
  COALESCE(nullIf(JSON_VALUE(json, '$.destination_object_id'), ''), nullIf(JSON_VALUE(json, '$.destinationObjectId'), '')) AS destination_object_id,
  parseDateTime64BestEffortOrNull(COALESCE(nullIf(JSON_VALUE(json, '$.sync_run_start_time'), ''), nullIf(JSON_VALUE(json, '$.syncRunStartTime'), ''), nullIf(JSON_VALUE(json, '$.sync_run_started_at'), ''), nullIf(JSON_VALUE(json, '$.run_started_at'), ''), nullIf(JSON_VALUE(json, '$.started_at'), ''), nullIf(JSON_VALUE(json, '$.start_time'), '')), 6, 'UTC') AS run_started_at,
  COALESCE(nullIf(JSONExtractRaw(json, 'record_payload_schema'), ''), nullIf(JSONExtractRaw(json, 'recordPayloadSchema'), ''), nullIf(JSONExtractRaw(json, 'payload_schema'), '')) AS record_payload_schema,
  json AS metadata
FROM s3('https://acme-census.s3.amazonaws.com/exports/sync_tracking_datasets/*/*/*/metadata.json', 'JSONAsString');

CREATE OR REPLACE VIEW source_objects AS
SELECT
  nullIf(extract(_path, 'metadata/([^/]+)/[^/]+$'), '') AS org_id,
  id,
  type,
  name,
  model_id,
  business_object_id,
  filter_segment_id,
  cohort_id
FROM s3('https://acme-census.s3.amazonaws.com/exports/metadata/*/source_object*.parquet', 'Parquet',
  'id Nullable(String), type Nullable(String), name Nullable(String), model_id Nullable(String), business_object_id Nullable(String), filter_segment_id Nullable(String), cohort_id Nullable(String)')
SETTINGS input_format_parquet_allow_missing_columns = 1;

CREATE OR REPLACE VIEW destinations AS
SELECT
  nullIf(extract(_path, 'metadata/([^/]+)/[^/]+$'), '') AS org_id,
  id,
  type,
  name
FROM s3('https://acme-census.s3.amazonaws.com/exports/metadata/*/destination*.parquet', 'Parquet',
  'id Nullable(String), type Nullable(String), name Nullable(String)')
WHERE NOT match(_file, '^destination_object')
SETTINGS input_format_parquet_allow_missing_columns = 1;

CREATE OR REPLACE VIEW destination_objects AS
SELECT
  nullIf(extract(_path, 'metadata/([^/]+)/[^/]+$'), '') AS org_id,
  id,
  type,
  name
FROM s3('https://acme-census.s3.amazonaws.com/exports/metadata/*/destination_object*.parquet', 'Parquet',
  'id Nullable(String), type Nullable(String), name Nullable(String)')
SETTINGS input_format_parquet_allow_missing_columns = 1;

-- Rejected records per run and message, with their identifiers.
CREATE OR REPLACE VIEW errors_by_message AS
SELECT org_id, sync_id, run_id, status_message, COUNT(*) AS records,
  arraySort(groupArray(identifier)) AS rejected_records
FROM records
WHERE outcome = 'rejected'
GROUP BY org_id, sync_id, run_id, status_message;
