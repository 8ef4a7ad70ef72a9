export { testStorageAdapter, runScenario } from './test-storage-adapter.js';
export type {
  AdapterFixture,
  ConformanceCapabilities,
  FaultTestOptions,
  ScenarioContext,
  ScenarioGroup,
  StorageScenario,
  TestStorageAdapterOptions,
} from './adapter-fixture.js';
export { SCENARIO_GROUPS } from './scenario-groups.js';
export { randomPrefix } from './random-prefix.js';
export { expectBytes, expectStorageError, listPages, text, utf8, writeAll } from './storage-assertions.js';
export { abortScenarios, abortedBeforeStart, abortedWriteAndDelete } from './scenarios/abort.js';
export { clientSessionScenarios, fullClientSession } from './scenarios/full-client-session.js';
export { invalidKeyScenarios, invalidKeys, invalidPrefixes } from './scenarios/invalid-keys.js';
export { listingScenarios, listEmptyPrefix, listSharedStem, listWithDelimiter, listWithoutDelimiter } from './scenarios/listing.js';
export { missingObjectScenarios, getNonexistentObject, getPrefixIsNotAnObject, statNonexistentObject } from './scenarios/missing-objects.js';
export { paginationScenarios, listMoreThanOneThousand, listPaginated, listPaginatedWithDelimiter } from './scenarios/pagination.js';
export {
  rangeScenarios,
  getRange,
  getRangeCutAtEnd,
  getRangeLargeObject,
  getRangeLastByte,
  getRangeOfEmptyObject,
  getRangeIntoAllocated,
  getRangeStartPastEnd,
  getRangeWhole,
  getRangeZeroLength,
  getSuffix,
  getSuffixLongerThanObject,
  getSuffixZero,
  invalidRange,
} from './scenarios/range-reads.js';
export { roundTripScenarios, deleteNonexistentObject, overwriteReplaces, putBinaryAndEmpty, putGetDeleteList } from './scenarios/round-trip.js';
export { specialKeyScenarios, specialCharacterKeys } from './scenarios/special-keys.js';
export { specificationScenarios, declaresSpecification } from './scenarios/specification.js';
export { statScenarios, listAgreesWithStat, statSizeAndVersion } from './scenarios/stat.js';
export { startFaultProxy, startSilentEndpoint, type BodyFault, type Fault, type FaultProxy, type SilentEndpoint } from './fault-proxy.js';
export { describeTransientFaults } from './scenarios/transient-faults.js';
export { describeInterruptedTransfers } from './scenarios/interrupted-transfers.js';
