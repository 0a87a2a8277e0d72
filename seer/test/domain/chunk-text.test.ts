import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkText, splitSentences } from '../../src/domain/chunk-text.js';

const sentenceArb = fc
  .array(fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'river', 'stone', 'Mars', '42'), {
    minLength: 1,
    maxLength: 30,
  })
  .map((words) => `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);

describe('chunkText', () => {
  it('when text is chunked, then every sentence is in some chunk and no chunk exceeds the limit', () => {
    fc.assert(
      fc.property(
        fc.array(sentenceArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 200, max: 800 }),
        (sentences, maxChars) => {
          const overlapChars = Math.floor(maxChars / 4);
          const chunks = chunkText(sentences.join(' '), { maxChars, overlapChars });
          for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(maxChars);
          for (const sentence of sentences) {
            expect(chunks.some((chunk) => chunk.includes(sentence))).toBe(true);
          }
        },
      ),
    );
  });

  it('when consecutive chunks are produced, then the next one starts with the last sentence of the previous', () => {
    const text = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} is here.`).join(' ');
    const chunks = chunkText(text, { maxChars: 120, overlapChars: 40 });
    expect(chunks.length).toBeGreaterThan(3);
    for (let i = 1; i < chunks.length; i += 1) {
      const previous = splitSentences(chunks[i - 1]!);
      expect(chunks[i]!.startsWith(previous[previous.length - 1]!)).toBe(true);
    }
  });

  it('when a single sentence is longer than the limit, then it is split into pieces within the limit', () => {
    const chunks = chunkText('word '.repeat(500), { maxChars: 100, overlapChars: 20 });
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.every((chunk) => chunk.length <= 100)).toBe(true);
  });

  it('when text is empty or blank, then there are no chunks', () => {
    expect(chunkText('  \n\n ')).toEqual([]);
  });
});
