// Every scenario the suite runs, grouped; one `describe` per group, one `it` per scenario.
import type { ScenarioGroup } from './adapter-fixture.js';
import { abortScenarios } from './scenarios/abort.js';
import { clientSessionScenarios } from './scenarios/full-client-session.js';
import { invalidKeyScenarios } from './scenarios/invalid-keys.js';
import { listingScenarios } from './scenarios/listing.js';
import { missingObjectScenarios } from './scenarios/missing-objects.js';
import { paginationScenarios } from './scenarios/pagination.js';
import { rangeScenarios } from './scenarios/range-reads.js';
import { roundTripScenarios } from './scenarios/round-trip.js';
import { specialKeyScenarios } from './scenarios/special-keys.js';
import { specificationScenarios } from './scenarios/specification.js';
import { statScenarios } from './scenarios/stat.js';

export const SCENARIO_GROUPS: readonly ScenarioGroup[] = [
  { name: 'specification', scenarios: specificationScenarios },
  { name: 'round trip', scenarios: roundTripScenarios },
  { name: 'stat', scenarios: statScenarios },
  { name: 'range reads', scenarios: rangeScenarios },
  { name: 'missing objects', scenarios: missingObjectScenarios },
  { name: 'listing', scenarios: listingScenarios },
  { name: 'pagination', scenarios: paginationScenarios },
  { name: 'special keys', scenarios: specialKeyScenarios },
  { name: 'abort', scenarios: abortScenarios },
  { name: 'invalid keys', scenarios: invalidKeyScenarios },
  { name: 'full client session', scenarios: clientSessionScenarios },
];
