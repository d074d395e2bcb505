/**
 * A tiny seeded PRNG and the helpers the demo-data generator draws with.
 * Only integer and IEEE multiply/add arithmetic is used (no Math.exp/log/sin),
 * so a seed gives the same numbers on every machine and Node version.
 */

/** Returns a float in [0, 1). */
export type Rng = () => number;

/** mulberry32: 32-bit state, period 2^32, good enough for demo data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Integer in [min, max], both inclusive. */
export function randInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** True with probability p. */
export function chance(rng: Rng, p: number): boolean {
  return rng() < p;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick() from an empty list');
  return items[Math.floor(rng() * items.length)]!;
}

/** A string of `length` characters drawn from `alphabet`. */
export function randChars(rng: Rng, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

/**
 * A weighted choice, prepared once: `new Weighted([['A', 3], ['B', 1]])`
 * then `.pick(rng)` returns 'A' three times as often as 'B'.
 */
export class Weighted<T> {
  private readonly values: T[] = [];
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    let sum = 0;
    for (const [value, weight] of entries) {
      if (!(weight >= 0)) throw new Error(`negative weight for ${String(value)}`);
      if (weight === 0) continue;
      sum += weight;
      this.values.push(value);
      this.cumulative.push(sum);
    }
    if (sum === 0) throw new Error('Weighted() needs at least one positive weight');
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng() * this.total;
    // binary search for the first cumulative weight above x
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return this.values[lo]!;
  }
}
