-- synctrack ddl --engine databricks s3://acme-census/exports
-- records: every record file (metadata.json excluded), columns by name across file generations, with
-- org_id, sync_id, run_id, file, batch_type, batch_number and outcome; runs: one row per metadata.json;
-- source_objects, destinations, destination_objects: the fact tables; errors_by_message: rejected
-- records per run and message. Set up first:
--   a Unity Catalog external location (with its storage credential) that covers the bucket, READ FILES
--   and CREATE EXTERNAL TABLE on it, and a catalog and schema selected (USE CATALOG …; USE SCHEMA …).
--   Databricks Runtime 11.3 LTS or newer, or any SQL warehouse, has _metadata.file_path.

-- The record files of every run folder, as stored; columns a file lacks read as NULL.
CREATE TABLE IF NOT EXISTS record_files (
  `identifier` STRING,
  `record_payload` STRING,
  `operation` STRING,
  `status` STRING,
  `status_message` STRING,
  `batch_started_at` TIMESTAMP,
  `batch_ended_at` TIMESTAMP,
  `sync_configuration_id` STRING,
  `sync_run_id` STRING,
  `census_sync_tracking_internal_id` STRING
)
USING parquet
OPTIONS (recursiveFileLookup 'true', pathGlobFilter '*.parquet')
LOCATION 's3://acme-census/exports/sync_tracking_datasets/';

-- Every metadata.json, one row each (multiLine: the documents may span lines).
CREATE TABLE IF NOT EXISTS run_metadata_documents (
  `organization_id` STRING,
  `organizationId` STRING,
  `org_id` STRING,
  `workspace_id` STRING,
  `workspaceId` STRING,
  `sync_configuration_id` STRING,
  `syncConfigurationId` STRING,
  `sync_config_id` STRING,
  `sync_id` STRING,
  `sync_run_id` STRING,
  `syncRunId` STRING,
  `run_id` STRING,
  `source_type` STRING,
  `sourceType` STRING,
  `source_id` STRING,
  `sourceId` STRING,
  `source_object_id` STRING,
  `destination_type` STRING,
  `destinationType` STRING,
  `destination_id` STRING,
  `destinationId` STRING,
  `destination_object_id` STRING,
  `destinationObjectId` STRING,
  `sync_run_start_time` STRING,
  `syncRunStartTime` STRING,
  `sync_run_started_at` STRING,
  `run_started_at` STRING,
  `started_at` STRING,
  `start_time` STRING,
  `record_payload_schema` STRING,
  `recordPayloadSchema` STRING,
  `payload_schema` STRING
)
USING json
OPTIONS (recursiveFileLookup 'true', pathGlobFilter 'metadata.json', multiLine 'true')
LOCATION 's3://acme-census/exports/sync_tracking_datasets/';

CREATE TABLE IF NOT EXISTS source_objects_files (
  `id` STRING,
  `type` STRING,
  `name` STRING,
  `model_id` STRING,
  `business_object_id` STRING,
  `filter_segment_id` STRING,
  `cohort_id` STRING
)
USING parquet
OPTIONS (recursiveFileLookup 'true', pathGlobFilter 'source_object*.parquet')
LOCATION 's3://acme-census/exports/metadata/';

CREATE TABLE IF NOT EXISTS destinations_files (
  `id` STRING,
  `type` STRING,
  `name` STRING
)
USING parquet
OPTIONS (recursiveFileLookup 'true', pathGlobFilter 'destination*.parquet')
LOCATION 's3://acme-census/exports/metadata/';

CREATE TABLE IF NOT EXISTS destination_objects_files (
  `id` STRING,
  `type` STRING,
  `name` STRING
)
USING parquet
OPTIONS (recursiveFileLookup 'true', pathGlobFilter 'destination_object*.parquet')
LOCATION 's3://acme-census/exports/metadata/';

CREATE OR REPLACE VIEW records AS
SELECT
  `identifier`,
  `record_payload`,
  `operation`,
  `status`,
  `status_message`,
  `batch_started_at`,
  `batch_ended_at`,
  `sync_configuration_id`,
  `sync_run_id`,
  `census_sync_tracking_internal_id`,
  NULLIF(regexp_extract(_metadata.file_path, 'sync_tracking_datasets/([^/]+)/[^/]+/[^/]+/[^/]+$', 1), '') AS org_id,
  NULLIF(regexp_extract(_metadata.file_path, 'sync_tracking_datasets/[^/]+/([^/]+)/[^/]+/[^/]+$', 1), '') AS sync_id,
  NULLIF(regexp_extract(_metadata.file_path, 'sync_tracking_datasets/[^/]+/[^/]+/([^/]+)/[^/]+$', 1), '') AS run_id,
  regexp_extract(_metadata.file_path, '([^/]+)$', 1) AS file,
  regexp_replace(regexp_extract(_metadata.file_path, '([^/]+)$', 1), '([.][0-9]+)?[.]parquet$', '') AS batch_type,
  CAST(NULLIF(regexp_extract(regexp_extract(_metadata.file_path, '([^/]+)$', 1), '[.]([0-9]+)[.]parquet$', 1), '') AS BIGINT) AS batch_number,
  CASE WHEN `status` IS NULL THEN 'invalid' WHEN LOWER(`status`) IN ('succeeded', 'success') THEN 'success' WHEN LOWER(`status`) IN ('null', 'duplicate') THEN 'invalid' ELSE 'rejected' END AS outcome
FROM record_files
WHERE regexp_extract(_metadata.file_path, '([^/]+)$', 1) RLIKE '^[A-Za-z0-9_-]+([.][0-9]+)?[.]parquet$';

CREATE OR REPLACE VIEW runs AS
SELECT
  NULLIF(regexp_extract(_metadata.file_path, 'sync_tracking_datasets/([^/]+)/[^/]+/[^/]+/[^/]+$', 1), '') AS org_id,
  NULLIF(regexp_extract(_metadata.file_path, 'sync_tracking_datasets/[^/]+/([^/]+)/[^/]+/[^/]+$', 1), '') AS sync_id,
  NULLIF(regexp_extract(_metadata.file_path, 'sync_tracking_datasets/[^/]+/[^/]+/([^/]+)/[^/]+$', 1), '') AS run_id,
  COALESCE(`organization_id`, `organizationId`, `org_id`) AS organization_id,
  COALESCE(`workspace_id`, `workspaceId`) AS workspace_id,
  COALESCE(`sync_configuration_id`, `syncConfigurationId`, `sync_config_id`, `sync_id`) AS sync_configuration_id,
  COALESCE(`sync_run_id`, `syncRunId`, `run_id`) AS sync_run_id,
  COALESCE(`source_type`, `sourceType`) AS source_type,
  COALESCE(`source_id`, `sourceId`, `source_object_id`) AS source_id,
  COALESCE(`destination_type`, `destinationType`) AS destination_type,
  COALESCE(`destination_id`, `destinationId`) AS destination_id,
  COALESCE(`destination_object_id`, `destinationObjectId`) AS destination_object_id,
  CAST(COALESCE(`sync_run_start_time`, `syncRunStartTime`, `sync_run_started_at`, `run_started_at`, `started_at`, `start_time`) AS TIMESTAMP) AS run_started_at,
  COALESCE(`record_payload_schema`, `recordPayloadSchema`, `payload_schema`) AS record_payload_schema,
  to_json(named_struct('organization_id', `organization_id`, 'organizationId', `organizationId`, 'org_id', `org_id`, 'workspace_id', `workspace_id`, 'workspaceId', `workspaceId`, 'sync_configuration_id', `sync_configuration_id`, 'syncConfigurationId', `syncConfigurationId`, 'sync_config_id', `sync_config_id`, 'sync_id', `sync_id`, 'sync_run_id', `sync_run_id`, 'syncRunId', `syncRunId`, 'run_id', `run_id`, 'source_type', `source_type`, 'sourceType', `sourceType`, 'source_id', `source_id`, 'sourceId', `sourceId`, 'source_object_id', `source_object_id`, 'destination_type', `destination_type`, 'destinationType', `destinationType`, 'destination_id', `destination_id`, 'destinationId', `destinationId`, 'destination_object_id', `destination_object_id`, 'destinationObjectId', `destinationObjectId`, 'sync_run_start_time', `sync_run_start_time`, 'syncRunStartTime', `syncRunStartTime`, 'sync_run_started_at', `sync_run_started_at`, 'run_started_at', `run_started_at`, 'started_at', `started_at`, 'start_time', `start_time`, 'record_payload_schema', `record_payload_schema`, 'recordPayloadSchema', `recordPayloadSchema`, 'payload_schema', `payload_schema`)) AS metadata
FROM run_metadata_documents;

CREATE OR REPLACE VIEW source_objects AS
SELECT
  NULLIF(regexp_extract(_metadata.file_path, 'metadata/([^/]+)/[^/]+$', 1), '') AS org_id,
  `id`,
  `type`,
  `name`,
  `model_id`,
  `business_object_id`,
  `filter_segment_id`,
  `cohort_id`
FROM source_objects_files;

CREATE OR REPLACE VIEW destinations AS
SELECT
  NULLIF(regexp_extract(_metadata.file_path, 'metadata/([^/]+)/[^/]+$', 1), '') AS org_id,
  `id`,
  `type`,
  `name`
FROM destinations_files
WHERE NOT _metadata.file_path RLIKE '/destination_object[^/]*$';

CREATE OR REPLACE VIEW destination_objects AS
SELECT
  NULLIF(regexp_extract(_metadata.file_path, 'metadata/([^/]+)/[^/]+$', 1), '') AS org_id,
  `id`,
  `type`,
  `name`
FROM destination_objects_files;

-- Rejected records per run and message, with their identifiers.
CREATE OR REPLACE VIEW errors_by_message AS
SELECT org_id, sync_id, run_id, status_message, COUNT(*) AS records,
  array_sort(collect_list(identifier)) AS rejected_records
FROM records
WHERE outcome = 'rejected'
GROUP BY org_id, sync_id, run_id, status_message;
