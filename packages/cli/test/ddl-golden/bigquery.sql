-- synctrack ddl --engine bigquery gs://acme-census/exports
-- records: every record file (metadata.json excluded), columns by name across file generations, with
-- org_id, sync_id, run_id, file, batch_type, batch_number and outcome; runs: one row per metadata.json;
-- source_objects, destinations, destination_objects: the fact tables; errors_by_message: rejected
-- records per run and message. Set up first:
--   a dataset (give it with --schema DATASET, or run the statements with that default dataset), and
--   for the querying principal storage.objects.get and storage.objects.list on the bucket.
--   runs reads metadata.json as newline-delimited JSON: each document must be on one line.

-- The record files of every run folder, as stored; columns a file lacks read as NULL.
CREATE EXTERNAL TABLE IF NOT EXISTS `record_files` (
  identifier STRING,
  record_payload STRING,
  operation STRING,
  status STRING,
  status_message STRING,
  batch_started_at TIMESTAMP,
  batch_ended_at TIMESTAMP,
  sync_configuration_id STRING,
  sync_run_id STRING,
  census_sync_tracking_internal_id STRING
)
OPTIONS (format = 'PARQUET', uris = ['gs://acme-census/exports/sync_tracking_datasets/*.parquet']);

-- Every metadata.json, one row each.
CREATE EXTERNAL TABLE IF NOT EXISTS `run_metadata_documents` (
  organization_id STRING,
  organizationId STRING,
  org_id STRING,
  workspace_id STRING,
  workspaceId STRING,
  sync_configuration_id STRING,
  syncConfigurationId STRING,
  sync_config_id STRING,
  sync_id STRING,
  sync_run_id STRING,
  syncRunId STRING,
  run_id STRING,
  source_type STRING,
  sourceType STRING,
  source_id STRING,
  sourceId STRING,
  source_object_id STRING,
  destination_type STRING,
  destinationType STRING,
  destination_id STRING,
  destinationId STRING,
  destination_object_id STRING,
  destinationObjectId STRING,
  sync_run_start_time STRING,
  syncRunStartTime STRING,
  sync_run_started_at STRING,
  run_started_at STRING,
  started_at STRING,
  start_time STRING,
  record_payload_schema JSON,
  recordPayloadSchema JSON,
  payload_schema JSON
)
OPTIONS (format = 'NEWLINE_DELIMITED_JSON', uris = ['gs://acme-census/exports/sync_tracking_datasets/*metadata.json'], ignore_unknown_values = true);

CREATE EXTERNAL TABLE IF NOT EXISTS `source_objects_files` (
  id STRING,
  type STRING,
  name STRING,
  model_id STRING,
  business_object_id STRING,
  filter_segment_id STRING,
  cohort_id STRING
)
OPTIONS (format = 'PARQUET', uris = ['gs://acme-census/exports/metadata/*.parquet']);

CREATE EXTERNAL TABLE IF NOT EXISTS `destinations_files` (
  id STRING,
  type STRING,
  name STRING
)
OPTIONS (format = 'PARQUET', uris = ['gs://acme-census/exports/metadata/*.parquet']);

CREATE EXTERNAL TABLE IF NOT EXISTS `destination_objects_files` (
  id STRING,
  type STRING,
  name STRING
)
OPTIONS (format = 'PARQUET', uris = ['gs://acme-census/exports/metadata/*.parquet']);

CREATE OR REPLACE VIEW `records` AS
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
  REGEXP_EXTRACT(_FILE_NAME, 'sync_tracking_datasets/([^/]+)/[^/]+/[^/]+/[^/]+$') AS org_id,
  REGEXP_EXTRACT(_FILE_NAME, 'sync_tracking_datasets/[^/]+/([^/]+)/[^/]+/[^/]+$') AS sync_id,
  REGEXP_EXTRACT(_FILE_NAME, 'sync_tracking_datasets/[^/]+/[^/]+/([^/]+)/[^/]+$') AS run_id,
  REGEXP_EXTRACT(_FILE_NAME, '([^/]+)$') AS file,
  REGEXP_REPLACE(REGEXP_EXTRACT(_FILE_NAME, '([^/]+)$'), '([.][0-9]+)?[.]parquet$', '') AS batch_type,
  SAFE_CAST(REGEXP_EXTRACT(REGEXP_EXTRACT(_FILE_NAME, '([^/]+)$'), '[.]([0-9]+)[.]parquet$') AS INT64) AS batch_number,
  CASE WHEN status IS NULL THEN 'invalid' WHEN LOWER(status) IN ('succeeded', 'success') THEN 'success' WHEN LOWER(status) IN ('null', 'duplicate') THEN 'invalid' ELSE 'rejected' END AS outcome
FROM `record_files`
WHERE REGEXP_CONTAINS(REGEXP_EXTRACT(_FILE_NAME, '([^/]+)$'), '^[A-Za-z0-9_-]+([.][0-9]+)?[.]parquet$');

CREATE OR REPLACE VIEW `runs` AS
SELECT
  REGEXP_EXTRACT(_FILE_NAME, 'sync_tracking_datasets/([^/]+)/[^/]+/[^/]+/[^/]+$') AS org_id,
  REGEXP_EXTRACT(_FILE_NAME, 'sync_tracking_datasets/[^/]+/([^/]+)/[^/]+/[^/]+$') AS sync_id,
  REGEXP_EXTRACT(_FILE_NAME, 'sync_tracking_datasets/[^/]+/[^/]+/([^/]+)/[^/]+$') AS run_id,
  COALESCE(organization_id, organizationId, org_id) AS organization_id,
  COALESCE(workspace_id, workspaceId) AS workspace_id,
  COALESCE(sync_configuration_id, syncConfigurationId, sync_config_id, sync_id) AS sync_configuration_id,
  COALESCE(sync_run_id, syncRunId, run_id) AS sync_run_id,
  COALESCE(source_type, sourceType) AS source_type,
  COALESCE(source_id, sourceId, source_object_id) AS source_id,
  COALESCE(destination_type, destinationType) AS destination_type,
  COALESCE(destination_id, destinationId) AS destination_id,
  COALESCE(destination_object_id, destinationObjectId) AS destination_object_id,
  SAFE_CAST(COALESCE(sync_run_start_time, syncRunStartTime, sync_run_started_at, run_started_at, started_at, start_time) AS TIMESTAMP) AS run_started_at,
  COALESCE(record_payload_schema, recordPayloadSchema, payload_schema) AS record_payload_schema,
  TO_JSON_STRING(d) AS metadata
FROM `run_metadata_documents` AS d;

CREATE OR REPLACE VIEW `source_objects` AS
SELECT
  REGEXP_EXTRACT(_FILE_NAME, 'metadata/([^/]+)/[^/]+$') AS org_id,
  id,
  type,
  name,
  model_id,
  business_object_id,
  filter_segment_id,
  cohort_id
FROM `source_objects_files`
WHERE REGEXP_CONTAINS(_FILE_NAME, '/source_object[^/]*[.]parquet$');

CREATE OR REPLACE VIEW `destinations` AS
SELECT
  REGEXP_EXTRACT(_FILE_NAME, 'metadata/([^/]+)/[^/]+$') AS org_id,
  id,
  type,
  name
FROM `destinations_files`
WHERE REGEXP_CONTAINS(_FILE_NAME, '/destination[^/]*[.]parquet$')
  AND NOT REGEXP_CONTAINS(_FILE_NAME, '/destination_object[^/]*$');

CREATE OR REPLACE VIEW `destination_objects` AS
SELECT
  REGEXP_EXTRACT(_FILE_NAME, 'metadata/([^/]+)/[^/]+$') AS org_id,
  id,
  type,
  name
FROM `destination_objects_files`
WHERE REGEXP_CONTAINS(_FILE_NAME, '/destination_object[^/]*[.]parquet$');

-- Rejected records per run and message, with their identifiers.
CREATE OR REPLACE VIEW `errors_by_message` AS
SELECT org_id, sync_id, run_id, status_message, COUNT(*) AS records,
  ARRAY_AGG(identifier IGNORE NULLS ORDER BY identifier) AS rejected_records
FROM `records`
WHERE outcome = 'rejected'
GROUP BY org_id, sync_id, run_id, status_message;
