-- synctrack ddl --engine snowflake s3://acme-census/exports
-- records: every record file (metadata.json excluded), columns by name across file generations, with
-- org_id, sync_id, run_id, file, batch_type, batch_number and outcome; runs: one row per metadata.json;
-- source_objects, destinations, destination_objects: the fact tables; errors_by_message: rejected
-- records per run and message. Set up first:
--   a storage integration for the bucket (CREATE STORAGE INTEGRATION sync_tracking_integration …, with
--   the cloud-side trust it prints), a database and schema selected, then the stage:
--   CREATE STAGE IF NOT EXISTS sync_tracking_stage URL = 's3://acme-census/exports/' STORAGE_INTEGRATION = sync_tracking_integration;
--   External tables list their files when created; ALTER EXTERNAL TABLE … REFRESH picks up new runs
--   (or AUTO_REFRESH with the bucket’s event notifications).

-- The record files of every run folder, as stored.
CREATE EXTERNAL TABLE IF NOT EXISTS record_files (
  org_id VARCHAR AS (REGEXP_SUBSTR(METADATA$FILENAME, 'sync_tracking_datasets/([^/]+)/[^/]+/[^/]+/[^/]+$', 1, 1, 'e', 1)),
  sync_id VARCHAR AS (REGEXP_SUBSTR(METADATA$FILENAME, 'sync_tracking_datasets/[^/]+/([^/]+)/[^/]+/[^/]+$', 1, 1, 'e', 1)),
  run_id VARCHAR AS (REGEXP_SUBSTR(METADATA$FILENAME, 'sync_tracking_datasets/[^/]+/[^/]+/([^/]+)/[^/]+$', 1, 1, 'e', 1)),
  identifier VARCHAR AS (VALUE:identifier::VARCHAR),
  record_payload VARCHAR AS (VALUE:record_payload::VARCHAR),
  operation VARCHAR AS (VALUE:operation::VARCHAR),
  status VARCHAR AS (VALUE:status::VARCHAR),
  status_message VARCHAR AS (VALUE:status_message::VARCHAR),
  batch_started_at TIMESTAMP_TZ AS (VALUE:batch_started_at::TIMESTAMP_TZ),
  batch_ended_at TIMESTAMP_TZ AS (VALUE:batch_ended_at::TIMESTAMP_TZ),
  sync_configuration_id VARCHAR AS (VALUE:sync_configuration_id::VARCHAR),
  sync_run_id VARCHAR AS (VALUE:sync_run_id::VARCHAR),
  census_sync_tracking_internal_id VARCHAR AS (VALUE:census_sync_tracking_internal_id::VARCHAR)
)
PARTITION BY (org_id, sync_id, run_id)
LOCATION = @sync_tracking_stage/sync_tracking_datasets/
PATTERN = '.*[.]parquet'
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE;

-- Every metadata.json, one row each (VALUE is the document).
CREATE EXTERNAL TABLE IF NOT EXISTS run_metadata_documents (
  org_id VARCHAR AS (REGEXP_SUBSTR(METADATA$FILENAME, 'sync_tracking_datasets/([^/]+)/[^/]+/[^/]+/[^/]+$', 1, 1, 'e', 1)),
  sync_id VARCHAR AS (REGEXP_SUBSTR(METADATA$FILENAME, 'sync_tracking_datasets/[^/]+/([^/]+)/[^/]+/[^/]+$', 1, 1, 'e', 1)),
  run_id VARCHAR AS (REGEXP_SUBSTR(METADATA$FILENAME, 'sync_tracking_datasets/[^/]+/[^/]+/([^/]+)/[^/]+$', 1, 1, 'e', 1))
)
PARTITION BY (org_id, sync_id, run_id)
LOCATION = @sync_tracking_stage/sync_tracking_datasets/
PATTERN = '.*/metadata[.]json'
FILE_FORMAT = (TYPE = JSON)
AUTO_REFRESH = FALSE;

CREATE EXTERNAL TABLE IF NOT EXISTS source_objects_files (
  id VARCHAR AS (VALUE:id::VARCHAR),
  type VARCHAR AS (VALUE:type::VARCHAR),
  name VARCHAR AS (VALUE:name::VARCHAR),
  model_id VARCHAR AS (VALUE:model_id::VARCHAR),
  business_object_id VARCHAR AS (VALUE:business_object_id::VARCHAR),
  filter_segment_id VARCHAR AS (VALUE:filter_segment_id::VARCHAR),
  cohort_id VARCHAR AS (VALUE:cohort_id::VARCHAR)
)
LOCATION = @sync_tracking_stage/metadata/
PATTERN = '.*/source_object[^/]*[.]parquet'
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE;

CREATE EXTERNAL TABLE IF NOT EXISTS destinations_files (
  id VARCHAR AS (VALUE:id::VARCHAR),
  type VARCHAR AS (VALUE:type::VARCHAR),
  name VARCHAR AS (VALUE:name::VARCHAR)
)
LOCATION = @sync_tracking_stage/metadata/
PATTERN = '.*/destination[^/]*[.]parquet'
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE;

CREATE EXTERNAL TABLE IF NOT EXISTS destination_objects_files (
  id VARCHAR AS (VALUE:id::VARCHAR),
  type VARCHAR AS (VALUE:type::VARCHAR),
  name VARCHAR AS (VALUE:name::VARCHAR)
)
LOCATION = @sync_tracking_stage/metadata/
PATTERN = '.*/destination_object[^/]*[.]parquet'
FILE_FORMAT = (TYPE = PARQUET)
AUTO_REFRESH = FALSE;

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
  org_id,
  sync_id,
  run_id,
  REGEXP_SUBSTR(METADATA$FILENAME, '([^/]+)$', 1, 1, 'e', 1) AS file,
  REGEXP_REPLACE(REGEXP_SUBSTR(METADATA$FILENAME, '([^/]+)$', 1, 1, 'e', 1), '([.][0-9]+)?[.]parquet$', '') AS batch_type,
  TRY_CAST(REGEXP_SUBSTR(REGEXP_SUBSTR(METADATA$FILENAME, '([^/]+)$', 1, 1, 'e', 1), '[.]([0-9]+)[.]parquet$', 1, 1, 'e', 1) AS BIGINT) AS batch_number,
  CASE WHEN status IS NULL THEN 'invalid' WHEN LOWER(status) IN ('succeeded', 'success') THEN 'success' WHEN LOWER(status) IN ('null', 'duplicate') THEN 'invalid' ELSE 'rejected' END AS outcome
FROM record_files
WHERE REGEXP_LIKE(REGEXP_SUBSTR(METADATA$FILENAME, '([^/]+)$', 1, 1, 'e', 1), '^[A-Za-z0-9_-]+([.][0-9]+)?[.]parquet$');

CREATE OR REPLACE VIEW runs AS
SELECT
  org_id,
  sync_id,
  run_id,
  COALESCE(VALUE:organization_id::VARCHAR, VALUE:organizationId::VARCHAR, VALUE:org_id::VARCHAR) AS organization_id,
  COALESCE(VALUE:workspace_id::VARCHAR, VALUE:workspaceId::VARCHAR) AS workspace_id,
  COALESCE(VALUE:sync_configuration_id::VARCHAR, VALUE:syncConfigurationId::VARCHAR, VALUE:sync_config_id::VARCHAR, VALUE:sync_id::VARCHAR) AS sync_configuration_id,
  COALESCE(VALUE:sync_run_id::VARCHAR, VALUE:syncRunId::VARCHAR, VALUE:run_id::VARCHAR) AS sync_run_id,
  COALESCE(VALUE:source_type::VARCHAR, VALUE:sourceType::VARCHAR) AS source_type,
  COALESCE(VALUE:source_id::VARCHAR, VALUE:sourceId::VARCHAR, VALUE:source_object_id::VARCHAR) AS source_id,
  COALESCE(VALUE:destination_type::VARCHAR, VALUE:destinationType::VARCHAR) AS destination_type,
  COALESCE(VALUE:destination_id::VARCHAR, VALUE:destinationId::VARCHAR) AS destination_id,
  COALESCE(VALUE:destination_object_id::VARCHAR, VALUE:destinationObjectId::VARCHAR) AS destination_object_id,
  TRY_TO_TIMESTAMP_TZ(COALESCE(VALUE:sync_run_start_time::VARCHAR, VALUE:syncRunStartTime::VARCHAR, VALUE:sync_run_started_at::VARCHAR, VALUE:run_started_at::VARCHAR, VALUE:started_at::VARCHAR, VALUE:start_time::VARCHAR)) AS run_started_at,
  COALESCE(VALUE:record_payload_schema, VALUE:recordPayloadSchema, VALUE:payload_schema) AS record_payload_schema,
  VALUE AS metadata
FROM run_metadata_documents;

CREATE OR REPLACE VIEW source_objects AS
SELECT
  REGEXP_SUBSTR(METADATA$FILENAME, 'metadata/([^/]+)/[^/]+$', 1, 1, 'e', 1) AS org_id,
  id,
  type,
  name,
  model_id,
  business_object_id,
  filter_segment_id,
  cohort_id
FROM source_objects_files;

CREATE OR REPLACE VIEW destinations AS
SELECT
  REGEXP_SUBSTR(METADATA$FILENAME, 'metadata/([^/]+)/[^/]+$', 1, 1, 'e', 1) AS org_id,
  id,
  type,
  name
FROM destinations_files
WHERE NOT REGEXP_LIKE(METADATA$FILENAME, '.*/destination_object[^/]*');

CREATE OR REPLACE VIEW destination_objects AS
SELECT
  REGEXP_SUBSTR(METADATA$FILENAME, 'metadata/([^/]+)/[^/]+$', 1, 1, 'e', 1) AS org_id,
  id,
  type,
  name
FROM destination_objects_files;

-- Rejected records per run and message, with their identifiers.
CREATE OR REPLACE VIEW errors_by_message AS
SELECT org_id, sync_id, run_id, status_message, COUNT(*) AS records,
  ARRAY_AGG(identifier) WITHIN GROUP (ORDER BY identifier) AS rejected_records
FROM records
WHERE outcome = 'rejected'
GROUP BY org_id, sync_id, run_id, status_message;
