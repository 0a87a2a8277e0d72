/** A source of uniform numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/**
 * mulberry32: a small seeded generator with a full 2^32 period, good enough for intervals
 * and for reproducible tests; not for anything secret.
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Uniform over [minMs, maxMs]. */
export function drawIntervalMs(random: RandomSource, minMs: number, maxMs: number): number {
  return minMs + random() * (maxMs - minMs);
}
