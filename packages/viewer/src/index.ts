export { startViewer, DEFAULT_VIEWER_HOST, type ViewerHandle, type ViewerOptions } from './start-viewer.js';
export type {
  ApiErrorBody,
  DownloadFormat,
  ErrorGroupJson,
  ErrorsResponse,
  NamedObject,
  OrganizationsResponse,
  RecordJson,
  RecordsResponse,
  RunDetailsResponse,
  RunFileJson,
  RunListItem,
  RunMetadataJson,
  RunSummaryResponse,
  RunsResponse,
  SyncListItem,
  SyncsResponse,
} from './api/api-types.js';
