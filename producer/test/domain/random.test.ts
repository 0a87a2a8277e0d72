import { describe, expect, it } from 'vitest';
import { drawIntervalMs, seededRandom } from '../../src/domain/random.js';

describe('broadcaster intervals', () => {
  const SAMPLES = 20_000;
  const draw = (seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: SAMPLES }, () => drawIntervalMs(random, 1_000, 10_000));
  };

  it('when drawn with the same seed, then the sequence repeats', () => {
    expect(draw(7).slice(0, 50)).toEqual(draw(7).slice(0, 50));
    expect(draw(7).slice(0, 50)).not.toEqual(draw(8).slice(0, 50));
  });

  it('when many intervals are drawn, then all lie within 1-10 s', () => {
    const intervals = draw(42);
    expect(Math.min(...intervals)).toBeGreaterThanOrEqual(1_000);
    expect(Math.max(...intervals)).toBeLessThanOrEqual(10_000);
    // Both ends are reached: the draw is not squeezed into the middle.
    expect(Math.min(...intervals)).toBeLessThan(1_010);
    expect(Math.max(...intervals)).toBeGreaterThan(9_990);
  });

  it('when many intervals are drawn, then they are uniform (chi-square over 9 one-second bins)', () => {
    for (const seed of [1, 2, 3]) {
      const bins = new Array<number>(9).fill(0);
      for (const interval of draw(seed)) {
        const bin = Math.min(8, Math.floor((interval - 1_000) / 1_000));
        bins[bin] = (bins[bin] ?? 0) + 1;
      }
      const expected = SAMPLES / 9;
      const chiSquare = bins.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
      // 8 degrees of freedom: p = 0.001 at 26.12. A skewed draw lands far above it.
      expect(chiSquare, `seed ${seed}: ${bins.join(',')}`).toBeLessThan(26.12);
    }
  });

  it('when the mean is taken, then it is near the midpoint 5.5 s', () => {
    const intervals = draw(99);
    const mean = intervals.reduce((sum, value) => sum + value, 0) / intervals.length;
    // Standard error of the mean for U(1,10) over 20,000 draws is about 18 ms.
    expect(Math.abs(mean - 5_500)).toBeLessThan(100);
  });

  it('when the bounds are equal, then every interval is exactly that long', () => {
    const random = seededRandom(5);
    expect(drawIntervalMs(random, 3_000, 3_000)).toBe(3_000);
  });
});
