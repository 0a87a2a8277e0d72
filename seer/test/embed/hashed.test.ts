import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contentWords,
  createHashedEmbedder,
  hashedVector,
  DEFAULT_HASHED_OPTIONS,
} from '../../src/embed/hashed.js';

const dot = (a: readonly number[], b: readonly number[]) =>
  a.reduce((sum, value, i) => sum + value * b[i]!, 0);

describe('hashed embedder', () => {
  it('when any text is embedded, then the vector is unit length, finite and the same every time', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const vector = hashedVector(text, DEFAULT_HASHED_OPTIONS);
        expect(vector).toHaveLength(DEFAULT_HASHED_OPTIONS.dimensions);
        expect(vector.every(Number.isFinite)).toBe(true);
        expect(Math.abs(Math.sqrt(dot(vector, vector)) - 1)).toBeLessThan(1e-9);
        expect(hashedVector(text, DEFAULT_HASHED_OPTIONS)).toEqual(vector);
      }),
    );
  });

  it('when a question names the subject of a statement, then they are closer than unrelated statements', async () => {
    const embedder = createHashedEmbedder();
    const [question, tribe, tame, jukies] = await embedder.embed(
      [
        'Do you know anything about the Wilymajinkas?',
        'The Wilymajinkas are a tribe of northeastern Native Pandorians.',
        'They are very tame and should not be feared.',
        'Jukies are sweet',
      ],
      'document',
    );
    expect(dot(question!, tribe!)).toBeGreaterThan(0.3);
    expect(dot(question!, tame!)).toBeLessThan(0.1);
    expect(dot(question!, jukies!)).toBeLessThan(0.1);
  });

  it('when words differ only by inflection or case, then their vectors are close', () => {
    const a = hashedVector('Running rivers flooded the valleys', DEFAULT_HASHED_OPTIONS);
    const b = hashedVector('the river runs and floods a valley', DEFAULT_HASHED_OPTIONS);
    expect(dot(a, b)).toBeGreaterThan(0.5);
  });

  it('when question filler and camelCase appear, then only content words remain', () => {
    expect(contentWords('Do you know anything about eventTimestamp?')).toEqual([
      'event',
      'timestamp',
    ]);
  });

  it('when the dimension count changes, then the embedder id changes', () => {
    expect(createHashedEmbedder({ dimensions: 512 }).id).not.toBe(createHashedEmbedder().id);
  });
});
