-- synctrack ddl --engine athena s3://acme-census/exports
-- records: every record file (metadata.json excluded), columns by name across file generations, with
-- org_id, sync_id, run_id, file, batch_type, batch_number and outcome; runs: one row per metadata.json;
-- source_objects, destinations, destination_objects: the fact tables; errors_by_message: rejected
-- records per run and message. Set up first:
--   a database (CREATE DATABASE sync_tracking) selected in the query editor, and read access to the
--   bucket for the workgroup. Injected partitions: every query of records and runs names org_id,
--   sync_id and run_id with = or IN (WHERE org_id = '4821' AND sync_id = '120' AND run_id IN (…)).
--   Parquet columns are read by name, so files of any generation read.

-- The record files of each run folder, as stored.
CREATE EXTERNAL TABLE IF NOT EXISTS record_files (
  `identifier` string,
  `record_payload` string,
  `operation` string,
  `status` string,
  `status_message` string,
  `batch_started_at` timestamp,
  `batch_ended_at` timestamp,
  `sync_configuration_id` string,
  `sync_run_id` string,
  `census_sync_tracking_internal_id` string
)
PARTITIONED BY (`org_id` string, `sync_id` string, `run_id` string)
STORED AS PARQUET
LOCATION 's3://acme-census/exports/sync_tracking_datasets/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.org_id.type' = 'injected',
  'projection.sync_id.type' = 'injected',
  'projection.run_id.type' = 'injected',
  'storage.location.template' = 's3://acme-census/exports/sync_tracking_datasets/${org_id}/${sync_id}/${run_id}/'
);

-- Every line of each run folder’s metadata.json (the runs view joins them back).
CREATE EXTERNAL TABLE IF NOT EXISTS run_metadata_lines (
  `line` string
)
PARTITIONED BY (`org_id` string, `sync_id` string, `run_id` string)
ROW FORMAT DELIMITED FIELDS TERMINATED BY '\u0001'
STORED AS TEXTFILE
LOCATION 's3://acme-census/exports/sync_tracking_datasets/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.org_id.type' = 'injected',
  'projection.sync_id.type' = 'injected',
  'projection.run_id.type' = 'injected',
  'storage.location.template' = 's3://acme-census/exports/sync_tracking_datasets/${org_id}/${sync_id}/${run_id}/'
);

CREATE EXTERNAL TABLE IF NOT EXISTS source_objects_files (
  `id` string,
  `type` string,
  `name` string,
  `model_id` string,
  `business_object_id` string,
  `filter_segment_id` string,
  `cohort_id` string
)
STORED AS PARQUET
LOCATION 's3://acme-census/exports/metadata/';

CREATE EXTERNAL TABLE IF NOT EXISTS destinations_files (
  `id` string,
  `type` string,
  `name` string
)
STORED AS PARQUET
LOCATION 's3://acme-census/exports/metadata/';

CREATE EXTERNAL TABLE IF NOT EXISTS destination_objects_files (
  `id` string,
  `type` string,
  `name` string
)
STORED AS PARQUET
LOCATION 's3://acme-census/exports/metadata/';

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
  regexp_extract("$path", '([^/]+)$', 1) AS file,
  regexp_replace(regexp_extract("$path", '([^/]+)$', 1), '([.][0-9]+)?[.]parquet$') AS batch_type,
  TRY_CAST(regexp_extract(regexp_extract("$path", '([^/]+)$', 1), '[.]([0-9]+)[.]parquet$', 1) AS bigint) AS batch_number,
  CASE WHEN status IS NULL THEN 'invalid' WHEN LOWER(status) IN ('succeeded', 'success') THEN 'success' WHEN LOWER(status) IN ('null', 'duplicate') THEN 'invalid' ELSE 'rejected' END AS outcome
FROM record_files
WHERE regexp_like(regexp_extract("$path", '([^/]+)$', 1), '^[A-Za-z0-9_-]+([.][0-9]+)?[.]parquet$');

CREATE OR REPLACE VIEW runs AS
SELECT
  org_id,
  sync_id,
  run_id,
  COALESCE(json_extract_scalar(document, '$.organization_id'), json_extract_scalar(document, '$.organizationId'), json_extract_scalar(document, '$.org_id')) AS organization_id,
  COALESCE(json_extract_scalar(document, '$.workspace_id'), json_extract_scalar(document, '$.workspaceId')) AS workspace_id,
  COALESCE(json_extract_scalar(document, '$.sync_configuration_id'), json_extract_scalar(document, '$.syncConfigurationId'), json_extract_scalar(document, '$.sync_config_id'), json_extract_scalar(document, '$.sync_id')) AS sync_configuration_id,
  COALESCE(json_extract_scalar(document, '$.sync_run_id'), json_extract_scalar(document, '$.syncRunId'), json_extract_scalar(document, '$.run_id')) AS sync_run_id,
  COALESCE(json_extract_scalar(document, '$.source_type'), json_extract_scalar(document, '$.sourceType')) AS source_type,
  COALESCE(json_extract_scalar(document, '$.source_id'), json_extract_scalar(document, '$.sourceId'), json_extract_scalar(document, '$.source_object_id')) AS source_id,
  COALESCE(json_extract_scalar(document, '$.destination_type'), json_extract_scalar(document, '$.destinationType')) AS destination_type,
  COALESCE(json_extract_scalar(document, '$.destination_id'), json_extract_scalar(document, '$.destinationId')) AS destination_id,
  COALESCE(json_extract_scalar(document, '$.destination_object_id'), json_extract_scalar(document, '$.destinationObjectId')) AS destination_object_id,
  TRY(from_iso8601_timestamp(COALESCE(json_extract_scalar(document, '$.sync_run_start_time'), json_extract_scalar(document, '$.syncRunStartTime'), json_extract_scalar(document, '$.sync_run_started_at'), json_extract_scalar(document, '$.run_started_at'), json_extract_scalar(document, '$.started_at'), json_extract_scalar(document, '$.start_time')))) AS run_started_at,
  COALESCE(json_format(json_extract(document, '$.record_payload_schema')), json_format(json_extract(document, '$.recordPayloadSchema')), json_format(json_extract(document, '$.payload_schema'))) AS record_payload_schema,
  json_format(document) AS metadata
FROM (
  SELECT org_id, sync_id, run_id, "$path" AS path, TRY(json_parse(array_join(array_agg(line), chr(10)))) AS document
  FROM run_metadata_lines
  WHERE "$path" LIKE '%/metadata.json'
  GROUP BY org_id, sync_id, run_id, "$path"
);

CREATE OR REPLACE VIEW source_objects AS
SELECT
  regexp_extract("$path", 'metadata/([^/]+)/[^/]+$', 1) AS org_id,
  id,
  type,
  name,
  model_id,
  business_object_id,
  filter_segment_id,
  cohort_id
FROM source_objects_files
WHERE regexp_like("$path", '/source_object[^/]*[.]parquet$');

CREATE OR REPLACE VIEW destinations AS
SELECT
  regexp_extract("$path", 'metadata/([^/]+)/[^/]+$', 1) AS org_id,
  id,
  type,
  name
FROM destinations_files
WHERE regexp_like("$path", '/destination[^/]*[.]parquet$')
  AND NOT regexp_like("$path", '/destination_object[^/]*$');

CREATE OR REPLACE VIEW destination_objects AS
SELECT
  regexp_extract("$path", 'metadata/([^/]+)/[^/]+$', 1) AS org_id,
  id,
  type,
  name
FROM destination_objects_files
WHERE regexp_like("$path", '/destination_object[^/]*[.]parquet$');

-- Rejected records per run and message, with their identifiers.
CREATE OR REPLACE VIEW errors_by_message AS
SELECT org_id, sync_id, run_id, status_message, COUNT(*) AS records,
  array_agg(identifier ORDER BY identifier) FILTER (WHERE identifier IS NOT NULL) AS rejected_records
FROM records
WHERE outcome = 'rejected'
GROUP BY org_id, sync_id, run_id, status_message;
