export {
  buildDemoBucket,
  type BuildDemoBucketOptions,
  type DemoBucket,
  type DemoProgress,
  type DemoRun,
} from './build-demo-bucket.js';
export { runMainJob, type MainJobOptions, type MainJobResult } from './main-job.js';
export { DEMO_ORGANIZATIONS, DEMO_SYNCS, type DemoOrganization, type DemoSync } from './demo-catalog.js';
