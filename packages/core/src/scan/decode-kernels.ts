// The work done on each decoded row group inside a worker: filtering rows and counting groups.
// Pure functions of a row group's columns (Arrow or JS-decoded), so they are tested directly too.
// The kernels live by concept (the predicate, the select, the aggregate); this module gathers
// them so the decoders import one place.
export { compilePredicate, predicateColumns, singleColumnJudge, valueJudges, withoutIdentifiers, type ValueJudge } from './row-predicate.js';
export { cellKind, readCells, runSelect } from './select-kernel.js';
export { aggregateCells, runAggregate } from './aggregate-kernel.js';
