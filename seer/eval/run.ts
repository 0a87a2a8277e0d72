/* eslint-disable no-console -- a command-line report */
/**
 * Retrieval evaluation: chunks the shipped corpus exactly as `POST /load` does, embeds it,
 * ranks chunks for each question by cosine similarity (exact search, the order Chroma's index
 * approximates) and reports recall@1, recall@5 and MRR, plus how well the relevance threshold
 * separates answerable from unanswerable questions. Prints a table and one JSON line.
 */
import { readFile } from 'node:fs/promises';
import { chunkText } from '../src/domain/chunk-text.js';
import { createHashedEmbedder, DEFAULT_HASHED_OPTIONS } from '../src/embed/hashed.js';
import type { Embedder } from '../src/embed/types.js';
import { composeAnswer, DEFAULT_MIN_SCORE } from '../src/domain/answer-question.js';

type Suite = {
  corpus: string;
  questions: { question: string; expected: string }[];
  unanswerable: string[];
};

type Result = {
  embedder: string;
  chunks: number;
  questions: number;
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  answeredAboveThreshold: number;
  /** Share of answerable questions whose extractive answer quotes the expected passage. */
  answerQuotesPassage: number;
  unanswerableRejected: number;
  threshold: number;
};

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i += 1) sum += a[i]! * b[i]!;
  return sum;
}

function norm(a: readonly number[]): number {
  return Math.sqrt(dot(a, a));
}

function cosine(a: readonly number[], b: readonly number[]): number {
  const denominator = norm(a) * norm(b);
  return denominator === 0 ? 0 : dot(a, b) / denominator;
}

async function evaluate(
  embedder: Embedder,
  suite: Suite,
  corpus: string,
  threshold: number,
): Promise<Result> {
  const chunks = chunkText(corpus);
  const chunkVectors = await embedder.embed(chunks, 'document');
  const rank = async (question: string) => {
    const [vector] = await embedder.embed([question], 'query');
    return chunkVectors
      .map((chunkVector, index) => ({ index, score: cosine(vector!, chunkVector) }))
      .sort((a, b) => b.score - a.score);
  };
  let hitsAt1 = 0;
  let hitsAt5 = 0;
  let reciprocalRanks = 0;
  let answeredAboveThreshold = 0;
  let answerQuotesPassage = 0;
  for (const { question, expected } of suite.questions) {
    const ranked = await rank(question);
    const sources = ranked
      .slice(0, 5)
      .filter(({ score }) => score >= threshold)
      .map(({ index, score }) => ({
        id: String(index),
        text: chunks[index]!,
        score,
        ref: { kind: 'document' as const, name: suite.corpus, chunk: index },
      }));
    if (sources.length > 0 && composeAnswer(question, sources).includes(expected)) {
      answerQuotesPassage += 1;
    }
    const position = ranked.findIndex(({ index }) => chunks[index]!.includes(expected));
    if (position === 0) hitsAt1 += 1;
    if (position >= 0 && position < 5) hitsAt5 += 1;
    if (position >= 0) reciprocalRanks += 1 / (position + 1);
    if ((ranked[0]?.score ?? 0) >= threshold) answeredAboveThreshold += 1;
  }
  let rejected = 0;
  for (const question of suite.unanswerable) {
    const ranked = await rank(question);
    if ((ranked[0]?.score ?? 0) < threshold) rejected += 1;
  }
  const count = suite.questions.length;
  return {
    embedder: embedder.id,
    chunks: chunks.length,
    questions: count,
    recallAt1: hitsAt1 / count,
    recallAt5: hitsAt5 / count,
    mrr: reciprocalRanks / count,
    answeredAboveThreshold: answeredAboveThreshold / count,
    answerQuotesPassage: answerQuotesPassage / count,
    unanswerableRejected: rejected / suite.unanswerable.length,
    threshold,
  };
}

const suiteUrl = new URL('./questions.json', import.meta.url);
const suite = JSON.parse(await readFile(suiteUrl, 'utf8')) as Suite;
const corpus = await readFile(new URL(`./${suite.corpus}`, import.meta.url), 'utf8');

const variants: { label: string; embedder: Embedder }[] = [
  { label: 'default', embedder: createHashedEmbedder() },
  {
    label: 'words only',
    embedder: createHashedEmbedder({ stem: false, bigramWeight: 0, charWeight: 0 }),
  },
  { label: '+ stemming', embedder: createHashedEmbedder({ bigramWeight: 0, charWeight: 0 }) },
  { label: '+ bigrams', embedder: createHashedEmbedder({ charWeight: 0 }) },
  { label: '512 dims', embedder: createHashedEmbedder({ dimensions: 512 }) },
  { label: '2048 dims', embedder: createHashedEmbedder({ dimensions: 2048 }) },
];
const isFull = process.argv.includes('--ablation');
const selected = isFull ? variants : variants.slice(0, 1);

const pct = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(7);
console.log(
  `corpus ${suite.corpus}: ${suite.questions.length} questions, ${suite.unanswerable.length} unanswerable; defaults ${JSON.stringify(DEFAULT_HASHED_OPTIONS)}`,
);
console.log(
  'variant        recall@1 recall@5    MRR  known>=thr  unknown<thr  answer quotes passage  chunks',
);
const results: (Result & { variant: string })[] = [];
for (const { label, embedder } of selected) {
  const result = await evaluate(embedder, suite, corpus, DEFAULT_MIN_SCORE);
  results.push({ variant: label, ...result });
  console.log(
    `${label.padEnd(14)} ${pct(result.recallAt1)}  ${pct(result.recallAt5)} ${result.mrr.toFixed(3)}     ${pct(result.answeredAboveThreshold)}      ${pct(result.unanswerableRejected)}      ${pct(result.answerQuotesPassage)}            ${result.chunks}`,
  );
}
console.log(JSON.stringify({ eval: 'seer-retrieval', results }));
