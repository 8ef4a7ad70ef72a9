// A small seeded PRNG (sfc32) so that the same seed gives the same sample on every machine.
export type Random = () => number;

function hashSeed(seed: string | number): number[] {
  const text = String(seed);
  let h = 1779033703 ^ text.length;
  const out: number[] = [];
  for (let index = 0; index < text.length; index++) {
    h = Math.imul(h ^ text.charCodeAt(index), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  for (let round = 0; round < 4; round++) {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    out.push((h ^= h >>> 16) >>> 0);
  }
  return out;
}

export function seededRandom(seed: string | number): Random {
  let [a, b, c, d] = hashSeed(seed) as [number, number, number, number];
  return () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** `size` distinct integers drawn uniformly from [0, total), ascending (Floyd's algorithm). */
export function pickDistinct(total: number, size: number, random: Random): number[] {
  if (size >= total) return Array.from({ length: total }, (_, index) => index);
  const chosen = new Set<number>();
  for (let j = total - size; j < total; j++) {
    const candidate = Math.floor(random() * (j + 1));
    chosen.add(chosen.has(candidate) ? j : candidate);
  }
  return [...chosen].sort((a, b) => a - b);
}
