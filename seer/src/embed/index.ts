import type { EmbedderConfig } from '../config.js';
import { DEFAULT_MIN_SCORE } from '../domain/answer-question.js';
import { createHashedEmbedder } from './hashed.js';
import { createOllamaEmbedder, createOpenAiEmbedder } from './http-providers.js';
import { createTransformersEmbedder } from './transformers.js';
import type { Embedder } from './types.js';

export type { Embedder, EmbedPurpose } from './types.js';

/** Thresholds for learned embedders: their cosine scores run higher than hashed features. */
const LEARNED_MIN_SCORE = 0.35;

export function createEmbedder(config: EmbedderConfig): { embedder: Embedder; minScore: number } {
  switch (config.kind) {
    case 'hashed':
      return {
        embedder: createHashedEmbedder({ dimensions: config.hashedDimensions }),
        minScore: DEFAULT_MIN_SCORE,
      };
    case 'openai':
      return {
        embedder: createOpenAiEmbedder({
          url: config.url ?? '',
          model: config.model ?? '',
          ...(config.apiKey ? { apiKey: config.apiKey } : {}),
        }),
        minScore: LEARNED_MIN_SCORE,
      };
    case 'ollama':
      return {
        embedder: createOllamaEmbedder({ url: config.url ?? '', model: config.model ?? '' }),
        minScore: LEARNED_MIN_SCORE,
      };
    case 'transformers':
      return {
        embedder: createTransformersEmbedder({ modelDir: config.modelDir ?? '' }),
        minScore: LEARNED_MIN_SCORE,
      };
  }
}
