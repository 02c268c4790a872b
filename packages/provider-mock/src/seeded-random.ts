/**
 * A small seeded pseudo-random generator: a string hash (cyrb53) picks the starting state of
 * mulberry32. Every simulated choice draws from a stream named by the parts that decide it
 * (seed, discussion, persona, phase, round), so a reply never depends on time, call order or
 * `Math.random`, and the same parts always give the same stream.
 */
export interface SeededRandom {
  /** The next number in [0, 1). */
  next(): number;
  /** True with probability `probability` (0 never, 1 always). */
  chance(probability: number): boolean;
  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A copy of `items` in a shuffled order. */
  shuffle<T>(items: readonly T[]): T[];
}

/** The random stream named by `parts` (joined with a separator no text contains by accident). */
export function createRandom(...parts: readonly string[]): SeededRandom {
  const hash = hashString(parts.join('\u0000'));
  let state = ((hash % 4294967296) ^ Math.floor(hash / 4294967296)) >>> 0;
  const next = (): number => {
    // mulberry32
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: SeededRandom = {
    next,
    chance: (probability) => next() < probability,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new RangeError('cannot pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    shuffle: <T>(items: readonly T[]): T[] => {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index--) {
        const other = Math.floor(next() * (index + 1));
        [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
      }
      return copy;
    },
  };
  return random;
}

/**
 * cyrb53: a fast 53-bit string hash with good mixing, returned as a non-negative integer.
 * Two strings that differ in one character give unrelated values.
 */
export function hashString(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
