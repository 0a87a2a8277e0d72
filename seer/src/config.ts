import {
  booleanString,
  int,
  loadServiceConfig,
  requireTokensInProduction,
  serviceEnvShape,
  serviceSettings,
} from '@kafkloud/streamer/http';
import { kafkaSettingsSchema } from '@kafkloud/streamer/kafka';
import { z } from 'zod';

const optionalText = z
  .string()
  .transform((value) => (value.trim().length > 0 ? value.trim() : undefined))
  .optional();

export const EMBEDDER_KINDS = ['hashed', 'openai', 'ollama', 'transformers'] as const;
export type EmbedderKind = (typeof EMBEDDER_KINDS)[number];

export const configSchema = z
  .object({
    ...serviceEnvShape(8030),
    CHROMA_URL: z.url().default('http://127.0.0.1:8020'),
    /** Collection name stem; the embedder id is appended so vector spaces never mix. */
    SEER_COLLECTION: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,62}$/, '3-63 characters of A-Z a-z 0-9 _ -')
      .default('kafkloud'),
    SEER_GROUP: z.string().min(1).max(255).default('kafkloud-seer'),
    SEER_LEARN_EVENTS: booleanString.default(true),
    SEER_EMBEDDER: z.enum(EMBEDDER_KINDS).default('hashed'),
    SEER_EMBED_URL: optionalText,
    SEER_EMBED_MODEL: optionalText,
    SEER_EMBED_API_KEY: optionalText,
    SEER_EMBED_MODEL_DIR: optionalText,
    SEER_HASHED_DIMENSIONS: int(64, 8_192).default(1_024),
    /** Relevance threshold (cosine similarity); defaults to the embedder's calibrated value. */
    SEER_MIN_SCORE: z.coerce.number().min(-1).max(1).optional(),
    SEER_MAX_SOURCES: int(1, 20).default(5),
    SEER_MAX_UPLOAD_BYTES: int(1_024, 50 * 1_048_576).default(2 * 1_048_576),
    SEER_MAX_ACCEPT_BYTES: int(1_024, 10 * 1_048_576).default(262_144),
    SEER_CHUNK_CHARS: int(100, 10_000).default(500),
    SEER_CHUNK_OVERLAP: int(0, 5_000).default(120),
    SEER_CHAT_URL: optionalText,
    SEER_CHAT_MODEL: optionalText,
    SEER_CHAT_API_KEY: optionalText,
    SEER_RETRY_AFTER_S: int(1, 3_600).default(2),
  })
  .extend(kafkaSettingsSchema.shape)
  .superRefine((env, ctx) => {
    requireTokensInProduction(env, ctx);
    const needs = (name: keyof typeof env, why: string) => {
      if (env[name] === undefined) ctx.addIssue({ code: 'custom', path: [name], message: why });
    };
    if (env.SEER_EMBEDDER === 'openai' || env.SEER_EMBEDDER === 'ollama') {
      needs('SEER_EMBED_URL', `required when SEER_EMBEDDER=${env.SEER_EMBEDDER}`);
      needs('SEER_EMBED_MODEL', `required when SEER_EMBEDDER=${env.SEER_EMBEDDER}`);
    }
    if (env.SEER_EMBEDDER === 'transformers') {
      needs('SEER_EMBED_MODEL_DIR', 'required when SEER_EMBEDDER=transformers');
    }
    if (env.SEER_CHAT_URL !== undefined) needs('SEER_CHAT_MODEL', 'required with SEER_CHAT_URL');
    if (env.SEER_CHUNK_OVERLAP >= env.SEER_CHUNK_CHARS) {
      ctx.addIssue({
        code: 'custom',
        path: ['SEER_CHUNK_OVERLAP'],
        message: 'must be smaller than SEER_CHUNK_CHARS',
      });
    }
  })
  .transform((env) => ({
    ...serviceSettings(env),
    chromaUrl: env.CHROMA_URL,
    collection: env.SEER_COLLECTION,
    groupId: env.SEER_GROUP,
    isLearningEvents: env.SEER_LEARN_EVENTS,
    embedder: {
      kind: env.SEER_EMBEDDER,
      url: env.SEER_EMBED_URL,
      model: env.SEER_EMBED_MODEL,
      apiKey: env.SEER_EMBED_API_KEY,
      modelDir: env.SEER_EMBED_MODEL_DIR,
      hashedDimensions: env.SEER_HASHED_DIMENSIONS,
    },
    minScore: env.SEER_MIN_SCORE,
    maxSources: env.SEER_MAX_SOURCES,
    maxUploadBytes: env.SEER_MAX_UPLOAD_BYTES,
    maxAcceptBytes: env.SEER_MAX_ACCEPT_BYTES,
    chunk: { maxChars: env.SEER_CHUNK_CHARS, overlapChars: env.SEER_CHUNK_OVERLAP },
    chat:
      env.SEER_CHAT_URL && env.SEER_CHAT_MODEL
        ? { url: env.SEER_CHAT_URL, model: env.SEER_CHAT_MODEL, apiKey: env.SEER_CHAT_API_KEY }
        : undefined,
    retryAfterSeconds: env.SEER_RETRY_AFTER_S,
  }));

export type Config = Readonly<z.infer<typeof configSchema>>;
export type EmbedderConfig = Config['embedder'];

/** Parses the environment once; on failure names every bad variable and exits 1. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return loadServiceConfig('seer', configSchema, env);
}
