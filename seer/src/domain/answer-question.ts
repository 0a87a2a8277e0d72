import type { AnswerSource } from '@kafkloud/streamer';
import { DEFAULT_HASHED_OPTIONS, hashedVector } from '../embed/hashed.js';
import type { Embedder } from '../embed/types.js';
import { splitSentences } from './chunk-text.js';
import type { KnowledgeStore } from './knowledge.js';

/** Cosine similarity below which the default embedder's best match is treated as unrelated. */
export const DEFAULT_MIN_SCORE = 0.12;
export const UNKNOWN_ANSWER = "I don't know anything about that yet.";

/** Writes an answer from numbered sources; must cite them as [1], [2], ... */
export type ChatAnswerer = (question: string, sources: readonly AnswerSource[]) => Promise<string>;

export type AnswerDeps = {
  store: KnowledgeStore;
  embedder: Embedder;
  minScore: number;
  /** Most sources returned and cited. */
  maxSources: number;
  chat?: ChatAnswerer;
  onChatError?: (error: unknown) => void;
};

export type AnswerResult = { answer: string; isKnown: boolean; sources: AnswerSource[] };

const MAX_ANSWER_SENTENCES = 3;
/**
 * A source speaks in the answer only when it scores at least this share of the best source:
 * the weaker ones are still listed (and numbered) as sources, but a sentence that shares a
 * word or two with the question would read as an answer it is not.
 */
const ANSWER_RELATIVE_CUTOFF = 0.75;

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

/**
 * The sentence of a source that best matches the question. Always scored with the local
 * hashed features, whatever the embedder: it is cheap, deterministic and needs no network.
 */
function bestSentence(questionVector: readonly number[], text: string): string {
  const sentences = splitSentences(text);
  let best = sentences[0] ?? text;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const sentence of sentences) {
    const score = dot(questionVector, hashedVector(sentence, DEFAULT_HASHED_OPTIONS));
    if (score > bestScore) {
      best = sentence;
      bestScore = score;
    }
  }
  return best;
}

/** Extractive: the best sentence of each of the best sources, each followed by its citation. */
export function composeAnswer(question: string, sources: readonly AnswerSource[]): string {
  const questionVector = hashedVector(question, DEFAULT_HASHED_OPTIONS);
  const cutoff = (sources[0]?.score ?? 0) * ANSWER_RELATIVE_CUTOFF;
  const seen = new Set<string>();
  const parts: string[] = [];
  sources.forEach((source, index) => {
    if (parts.length >= MAX_ANSWER_SENTENCES || source.score < cutoff) return;
    const sentence = bestSentence(questionVector, source.text);
    const key = sentence.toLowerCase();
    if (seen.has(key)) return;
    seen.add(key);
    parts.push(`${sentence} [${index + 1}]`);
  });
  return parts.join(' ');
}

/**
 * Retrieves the nearest items and answers only from those at or above the relevance
 * threshold. Below it the answer says seer does not know: no content is ever invented.
 */
export async function answerQuestion(deps: AnswerDeps, question: string): Promise<AnswerResult> {
  const [vector] = await deps.embedder.embed([question], 'query');
  if (!vector) throw new Error('embedder returned no vector for the question');
  const matches = await deps.store.query(vector, deps.maxSources);
  const sources = matches.filter((match) => match.score >= deps.minScore);
  if (sources.length === 0) return { answer: UNKNOWN_ANSWER, isKnown: false, sources: [] };
  if (deps.chat) {
    try {
      const written = (await deps.chat(question, sources)).trim();
      if (written.length > 0) return { answer: written, isKnown: true, sources };
    } catch (error) {
      deps.onChatError?.(error);
    }
  }
  return { answer: composeAnswer(question, sources), isKnown: true, sources };
}
