import { describe, expect, it } from 'vitest';
import { DEMO_SYNCS } from './demo-catalog.js';
import { DemoPopulation } from './demo-population.js';
import { demoRandom } from './demo-random.js';

describe('DemoPopulation', () => {
  it('tells the documented customer’s story: 1008196 breaks in the second run and is fixed in the fourth', () => {
    const sync = DEMO_SYNCS.find((candidate) => candidate.syncId === '120')!;
    const population = new DemoPopulation(sync, 30_000);
    const story: Array<{ message: string | null; email: unknown; name: unknown }> = [];
    for (let runIndex = 0; runIndex < 5; runIndex++) {
      const random = demoRandom(runIndex + 1);
      for (const member of population.run({ runIndex, rejectRate: 0.05, newError: runIndex >= 3 }, random, () => '003x')) {
        if (member.identifier === '1008196') story.push({ message: member.problem?.message ?? null, email: member.payload.email, name: member.payload.first_name });
      }
    }
    expect(story.map((run) => run.message?.split(':')[0] ?? null)).toEqual([null, 'INVALID_EMAIL_ADDRESS', 'INVALID_EMAIL_ADDRESS', null, null]);
    expect(new Set(story.map((run) => run.name)).size).toBe(1);
    expect(story[1]!.email).toBe(String(story[0]!.email).replace('@', '@@'));
    expect(story[3]!.email).toBe(story[0]!.email);
  });
});
