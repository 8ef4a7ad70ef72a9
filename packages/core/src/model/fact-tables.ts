// The fact tables Census writes under `metadata/[ORG_ID]/`: source objects, destinations and destination objects.

/** The five documented kinds of source object; other strings are kept as they are. */
export type SourceObjectType =
  | 'DataWarehouse::FilterSegmentSource'
  | 'DataWarehouse::CohortSource'
  | 'DataWarehouse::Query'
  | 'DataWarehouse::BusinessObjectSource'
  | 'DataWarehouse::Table'
  | (string & {});

export const SOURCE_OBJECT_KINDS: Readonly<Record<string, string>> = {
  'DataWarehouse::FilterSegmentSource': 'segment',
  'DataWarehouse::CohortSource': 'cohort',
  'DataWarehouse::Query': 'model',
  'DataWarehouse::BusinessObjectSource': 'entity',
  'DataWarehouse::Table': 'table',
};

export interface SourceObject {
  id: string;
  type: SourceObjectType | null;
  name: string | null;
  modelId: string | null;
  businessObjectId: string | null;
  filterSegmentId: string | null;
  cohortId: string | null;
}

export interface Destination {
  id: string;
  /** `<Destination name>::Connection`, e.g. `Salesforce::Connection`. */
  type: string | null;
  name: string | null;
}

export interface DestinationObject {
  id: string;
  /** `<Destination name>::ObjectTypes::<Object name>`. */
  type: string | null;
  name: string | null;
}

export type FactTableName = 'source_objects' | 'destinations' | 'destination_objects';

export interface FactTables {
  sourceObjects: SourceObject[];
  destinations: Destination[];
  destinationObjects: DestinationObject[];
}
