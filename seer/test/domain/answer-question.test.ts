import type { AnswerSource } from '@kafkloud/streamer';
import { describe, expect, it } from 'vitest';
import { composeAnswer } from '../../src/domain/answer-question.js';

const source = (id: string, text: string, score: number): AnswerSource => ({
  id,
  text,
  score,
  ref: { kind: 'statement', origin: 'http' },
});

describe('composeAnswer', () => {
  it('when a source has several sentences, then the one closest to the question is quoted with its citation', () => {
    const answer = composeAnswer('Which planet would float in water?', [
      source(
        'a',
        'Saturn is famous for its rings. Saturn is the least dense planet; it would float in water. Titan is its largest moon.',
        0.3,
      ),
    ]);
    expect(answer).toBe('Saturn is the least dense planet; it would float in water. [1]');
  });

  it('when weaker sources trail far behind the best, then only the close ones speak, keeping their numbers', () => {
    const answer = composeAnswer('How do Jukies taste?', [
      source('a', 'Jukies are sweet.', 0.5),
      source('b', 'Jukies taste of honey.', 0.45),
      source('c', 'Lemons taste sour.', 0.2),
    ]);
    expect(answer).toBe('Jukies are sweet. [1] Jukies taste of honey. [2]');
  });

  it('when two sources carry the same sentence, then it is quoted once', () => {
    const answer = composeAnswer('Jukies?', [
      source('a', 'Jukies are sweet.', 0.5),
      source('b', 'Jukies are sweet.', 0.5),
    ]);
    expect(answer).toBe('Jukies are sweet. [1]');
  });
});
