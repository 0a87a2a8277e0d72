import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stop-words.js';
import type { Embedder } from './types.js';

/**
 * The default embedder: a hashed bag of features, offline, deterministic, no model to download.
 * Features of a text are its content-word stems (stop words dropped), bigrams of consecutive
 * content stems, and character n-grams of each content word (so "Wilymajinka" still meets
 * "Wilymajinkas" and a misspelling keeps most of its grams). Each feature's weight is
 * (1 + ln tf) times its class weight; features are hashed with FNV-1a into `dimensions`
 * signed buckets (the sign from the hash halves the bias of collisions) and the vector is
 * L2-normalised, so Chroma's cosine distance is 1 - the weighted feature overlap.
 */
export type HashedEmbedderOptions = {
  dimensions: number;
  /** Weight of a content-stem bigram relative to a unigram. */
  bigramWeight: number;
  /** Total weight of one word's character n-grams relative to its unigram. */
  charWeight: number;
  charMinN: number;
  charMaxN: number;
  stem: boolean;
};

export const DEFAULT_HASHED_OPTIONS: HashedEmbedderOptions = {
  dimensions: 1024,
  bigramWeight: 0.3,
  charWeight: 0.3,
  charMinN: 3,
  charMaxN: 5,
  stem: true,
};

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

/** Lower-case words with diacritics folded; camelCase and snake_case split into words. */
export function tokenize(text: string): string[] {
  const folded = text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return folded.match(/[a-z0-9]+/g) ?? [];
}

/** The words that carry meaning, in order, stop words and one-letter tokens removed. */
export function contentWords(text: string): string[] {
  return tokenize(text).filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}

export function featuresOf(text: string, options: HashedEmbedderOptions): Map<string, number> {
  const content = contentWords(text);
  // A text of stop words only ("what is it?") still needs a direction: fall back to all words.
  const words = content.length > 0 ? content : tokenize(text);
  const stems = options.stem ? words.map((word) => stemmer(word)) : words;
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => {
    counts.set(feature, (counts.get(feature) ?? 0) + weight);
  };
  stems.forEach((stem, index) => {
    add(`w:${stem}`, 1);
    const next = stems[index + 1];
    if (next !== undefined && options.bigramWeight > 0) add(`b:${stem} ${next}`, 1);
  });
  if (options.charWeight > 0) {
    for (const word of words) {
      const padded = `<${word}>`;
      const grams: string[] = [];
      for (let n = options.charMinN; n <= options.charMaxN; n += 1) {
        for (let start = 0; start + n <= padded.length; start += 1) {
          grams.push(padded.slice(start, start + n));
        }
      }
      // Long words have many grams: spread the word's char weight so length does not dominate.
      const share = 1 / Math.sqrt(Math.max(grams.length, 1));
      for (const gram of grams) add(`c:${gram}`, share);
    }
  }
  const weighted = new Map<string, number>();
  for (const [feature, count] of counts) {
    const classWeight = feature.startsWith('w:')
      ? 1
      : feature.startsWith('b:')
        ? options.bigramWeight
        : options.charWeight;
    const tf = feature.startsWith('c:') ? count : 1 + Math.log(count);
    weighted.set(feature, classWeight * tf);
  }
  return weighted;
}

export function hashedVector(text: string, options: HashedEmbedderOptions): number[] {
  const vector = new Float64Array(options.dimensions);
  for (const [feature, weight] of featuresOf(text, options)) {
    const hash = fnv1a(feature);
    const sign = hash & 0x80000000 ? -1 : 1;
    vector[hash % options.dimensions]! += sign * weight;
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  if (norm === 0) {
    // Nothing to hash (punctuation only): a fixed unit vector, equally far from everything.
    vector[0] = 1;
    norm = 1;
  }
  norm = Math.sqrt(norm);
  const result = new Array<number>(options.dimensions);
  for (let i = 0; i < options.dimensions; i += 1) {
    result[i] = norm > 0 ? vector[i]! / norm : 0;
  }
  return result;
}

export function createHashedEmbedder(overrides: Partial<HashedEmbedderOptions> = {}): Embedder {
  const options = { ...DEFAULT_HASHED_OPTIONS, ...overrides };
  const flags = `${options.stem ? 's' : ''}b${options.bigramWeight}c${options.charWeight}n${options.charMinN}${options.charMaxN}`;
  return {
    id: `hashed-v1-${options.dimensions}-${flags}`,
    embed: async (texts) => texts.map((text) => hashedVector(text, options)),
  };
}
