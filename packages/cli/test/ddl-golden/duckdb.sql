-- synctrack ddl --engine duckdb s3://acme-census/exports
-- records: every record file (metadata.json excluded), columns by name across file generations, with
-- org_id, sync_id, run_id, file, batch_type, batch_number and outcome; runs: one row per metadata.json;
-- source_objects, destinations, destination_objects: the fact tables; errors_by_message: rejected
-- records per run and message. Set up first:
--   LOAD httpfs; and a secret for the bucket, e.g.
--   CREATE SECRET (TYPE s3, PROVIDER credential_chain);
--   A view over files that are not there yet fails to create ("No files found"): in a bucket without
--   fact tables, the three fact-table views; the other statements do not depend on them.

-- Every record; files without a column (older or newer than 2025) read it as NULL.
CREATE OR REPLACE VIEW records AS
SELECT * EXCLUDE (__synctrack_file, __synctrack_path, __synctrack_name),
  __synctrack_path.org_id AS org_id, __synctrack_path.sync_id AS sync_id, __synctrack_path.run_id AS run_id, __synctrack_path.file AS file,
  __synctrack_name.batch_type AS batch_type, TRY_CAST(NULLIF(__synctrack_name.batch_number, '') AS BIGINT) AS batch_number,
  CASE WHEN status IS NULL THEN 'invalid' WHEN LOWER(status) IN ('succeeded', 'success') THEN 'success' WHEN LOWER(status) IN ('null', 'duplicate') THEN 'invalid' ELSE 'rejected' END AS outcome
FROM (
  SELECT *, regexp_extract(__synctrack_path.file, '^([A-Za-z0-9_-]+)(?:[.]([0-9]+))?[.]parquet$', ['batch_type', 'batch_number']) AS __synctrack_name
  FROM (
    SELECT *, regexp_extract(__synctrack_file, 'sync_tracking_datasets/([^/]+)/([^/]+)/([^/]+)/([^/]+)$', ['org_id', 'sync_id', 'run_id', 'file']) AS __synctrack_path
    FROM (
      SELECT CAST(NULL AS VARCHAR) AS "identifier", CAST(NULL AS VARCHAR) AS "record_payload", CAST(NULL AS VARCHAR) AS "operation", CAST(NULL AS VARCHAR) AS "status", CAST(NULL AS VARCHAR) AS "status_message", CAST(NULL AS TIMESTAMPTZ) AS "batch_started_at", CAST(NULL AS TIMESTAMPTZ) AS "batch_ended_at", CAST(NULL AS VARCHAR) AS "sync_configuration_id", CAST(NULL AS VARCHAR) AS "sync_run_id", CAST(NULL AS VARCHAR) AS "census_sync_tracking_internal_id", CAST(NULL AS VARCHAR) AS __synctrack_file WHERE false
      UNION ALL BY NAME
      SELECT * FROM read_parquet('s3://acme-census/exports/sync_tracking_datasets/*/*/*/*.parquet', union_by_name = true, filename = '__synctrack_file', hive_partitioning = false, binary_as_string = true)
    )
  )
)
WHERE regexp_matches(__synctrack_path.file, '^([A-Za-z0-9_-]+)(?:[.]([0-9]+))?[.]parquet$');

-- One row per run, from its metadata.json.
CREATE OR REPLACE VIEW runs AS
SELECT path.org_id AS org_id, path.sync_id AS sync_id, path.run_id AS run_id,
  COALESCE(document ->> 'organization_id', document ->> 'organizationId', document ->> 'org_id') AS organization_id,
  COALESCE(document ->> 'workspace_id', document ->> 'workspaceId') AS workspace_id,
  COALESCE(document ->> 'sync_configuration_id', document ->> 'syncConfigurationId', document ->> 'sync_config_id', document ->> 'sync_id') AS sync_configuration_id,
  COALESCE(document ->> 'sync_run_id', document ->> 'syncRunId', document ->> 'run_id') AS sync_run_id,
  COALESCE(document ->> 'source_type', document ->> 'sourceType') AS source_type,
  COALESCE(document ->> 'source_id', document ->> 'sourceId', document ->> 'source_object_id') AS source_id,
  COALESCE(document ->> 'destination_type', document ->> 'destinationType') AS destination_type,
  COALESCE(document ->> 'destination_id', document ->> 'destinationId') AS destination_id,
  COALESCE(document ->> 'destination_object_id', document ->> 'destinationObjectId') AS destination_object_id,
  TRY_CAST(COALESCE(document ->> 'sync_run_start_time', document ->> 'syncRunStartTime', document ->> 'sync_run_started_at', document ->> 'run_started_at', document ->> 'started_at', document ->> 'start_time') AS TIMESTAMPTZ) AS run_started_at,
  COALESCE(document -> 'record_payload_schema', document -> 'recordPayloadSchema', document -> 'payload_schema') AS record_payload_schema,
  document AS metadata
FROM (SELECT regexp_extract(filename, 'sync_tracking_datasets/([^/]+)/([^/]+)/([^/]+)/([^/]+)$', ['org_id', 'sync_id', 'run_id', 'file']) AS path, TRY_CAST(content AS JSON) AS document FROM read_text('s3://acme-census/exports/sync_tracking_datasets/*/*/*/metadata.json'));

CREATE OR REPLACE VIEW source_objects AS
SELECT regexp_extract(__synctrack_file, 'metadata/([^/]+)/[^/]+$', 1) AS org_id, * EXCLUDE (__synctrack_file)
FROM (
  SELECT CAST(NULL AS VARCHAR) AS "id", CAST(NULL AS VARCHAR) AS "type", CAST(NULL AS VARCHAR) AS "name", CAST(NULL AS VARCHAR) AS "model_id", CAST(NULL AS VARCHAR) AS "business_object_id", CAST(NULL AS VARCHAR) AS "filter_segment_id", CAST(NULL AS VARCHAR) AS "cohort_id", CAST(NULL AS VARCHAR) AS __synctrack_file WHERE false
  UNION ALL BY NAME
  SELECT * FROM read_parquet('s3://acme-census/exports/metadata/*/source_object*.parquet', union_by_name = true, filename = '__synctrack_file', hive_partitioning = false)
);

CREATE OR REPLACE VIEW destinations AS
SELECT regexp_extract(__synctrack_file, 'metadata/([^/]+)/[^/]+$', 1) AS org_id, * EXCLUDE (__synctrack_file)
FROM (
  SELECT CAST(NULL AS VARCHAR) AS "id", CAST(NULL AS VARCHAR) AS "type", CAST(NULL AS VARCHAR) AS "name", CAST(NULL AS VARCHAR) AS __synctrack_file WHERE false
  UNION ALL BY NAME
  SELECT * FROM read_parquet('s3://acme-census/exports/metadata/*/destination*.parquet', union_by_name = true, filename = '__synctrack_file', hive_partitioning = false)
)
WHERE NOT regexp_matches(__synctrack_file, '/destination_object[^/]*$');

CREATE OR REPLACE VIEW destination_objects AS
SELECT regexp_extract(__synctrack_file, 'metadata/([^/]+)/[^/]+$', 1) AS org_id, * EXCLUDE (__synctrack_file)
FROM (
  SELECT CAST(NULL AS VARCHAR) AS "id", CAST(NULL AS VARCHAR) AS "type", CAST(NULL AS VARCHAR) AS "name", CAST(NULL AS VARCHAR) AS __synctrack_file WHERE false
  UNION ALL BY NAME
  SELECT * FROM read_parquet('s3://acme-census/exports/metadata/*/destination_object*.parquet', union_by_name = true, filename = '__synctrack_file', hive_partitioning = false)
);

-- Rejected records per run and message, with their identifiers.
CREATE OR REPLACE VIEW errors_by_message AS
SELECT org_id, sync_id, run_id, status_message, COUNT(*) AS records,
  ARRAY_AGG(identifier ORDER BY identifier) FILTER (WHERE identifier IS NOT NULL) AS rejected_records
FROM records
WHERE outcome = 'rejected'
GROUP BY org_id, sync_id, run_id, status_message;
