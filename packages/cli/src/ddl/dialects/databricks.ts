// Databricks (SQL warehouse or cluster, Unity Catalog): the Spark statements over the bucket's own
// URLs (s3://, gs://, abfss://), read through an external location.
import type { DdlDialect } from '../ddl-sql.js';
import { plainUrl } from '../ddl-target.js';
import { sparkStatements } from './spark.js';

export const databricks: DdlDialect = {
  engine: 'databricks',
  schemes: ['s3', 'gs', 'az'],
  setup: () => [
    'a Unity Catalog external location (with its storage credential) that covers the bucket, READ FILES',
    'and CREATE EXTERNAL TABLE on it, and a catalog and schema selected (USE CATALOG …; USE SCHEMA …).',
    'Databricks Runtime 11.3 LTS or newer, or any SQL warehouse, has _metadata.file_path.',
  ],
  statements: (target, names) =>
    sparkStatements(target, names, (folder) =>
      plainUrl(target, folder, (t, key) => `abfss://${t.bucket}@${t.account ?? '<account>'}.dfs.core.windows.net/${key}`),
    ),
};
