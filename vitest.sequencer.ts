// The order test files start in. vitest's own order runs the projects one after another, so the
// three cloud adapters' suites, which spend most of their time waiting on their emulators (a server
// that never answers, a timeout that must pass), ran together at the end and left a core idle for
// 20 s. Here they are spread through the run instead, each beside the CPU-bound files of other
// projects; every other file keeps vitest's order, so a worker still runs one project's files in a
// row (a worker is reused only for the next file of its project).
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Projects whose files mostly wait on servers and timers rather than compute. */
export const WAITING_PROJECTS = ['storage-gcs', 'storage-azure', 'storage-s3'];

export class SpreadSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const waiting = sorted.filter((file) => WAITING_PROJECTS.includes(file.project.name));
    const rest = sorted.filter((file) => !WAITING_PROJECTS.includes(file.project.name));
    // The i-th of n waiting files goes in at (i + ½)/n of the way through the rest.
    const spread = [...rest];
    waiting.forEach((file, index) => spread.splice(Math.floor(((index + 0.5) * rest.length) / waiting.length) + index, 0, file));
    return spread;
  }
}
