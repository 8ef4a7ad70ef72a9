// A seeded PRNG (mulberry32) so that every demo bucket is the same, record for record.
export type DemoRandom = () => number;

export function demoRandom(seed: number): DemoRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
