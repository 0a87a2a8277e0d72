import { basename, dirname } from 'node:path';
import type { Embedder } from './types.js';

export type TransformersEmbedderOptions = {
  /** A local model directory (config.json, tokenizer and onnx/ weights); nothing is downloaded. */
  modelDir: string;
  batchSize?: number;
};

type FeatureExtractor = (
  texts: string[],
  options: { pooling: 'mean'; normalize: boolean },
) => Promise<{ tolist(): number[][] }>;

type TransformersModule = {
  env: { localModelPath: string; allowRemoteModels: boolean; allowLocalModels: boolean };
  pipeline(task: 'feature-extraction', model: string, options: object): Promise<FeatureExtractor>;
};

// The package is optional and large; it is loaded only when this provider is configured.
const TRANSFORMERS_PACKAGE = '@huggingface/transformers';

export async function loadTransformers(): Promise<TransformersModule> {
  try {
    return (await import(TRANSFORMERS_PACKAGE)) as TransformersModule;
  } catch (cause) {
    throw new Error(
      `SEER_EMBEDDER=transformers needs the optional package ${TRANSFORMERS_PACKAGE}: npm install -w @kafkloud/seer ${TRANSFORMERS_PACKAGE}`,
      { cause },
    );
  }
}

/** transformers.js feature extraction (mean pooling, normalised) from a local model directory. */
export function createTransformersEmbedder(
  options: TransformersEmbedderOptions,
  load: () => Promise<TransformersModule> = loadTransformers,
): Embedder {
  let extractor: Promise<FeatureExtractor> | undefined;
  const getExtractor = () => {
    extractor ??= load().then((transformers) => {
      transformers.env.localModelPath = dirname(options.modelDir);
      transformers.env.allowRemoteModels = false;
      transformers.env.allowLocalModels = true;
      return transformers.pipeline('feature-extraction', basename(options.modelDir), {
        local_files_only: true,
      });
    });
    extractor.catch(() => {
      extractor = undefined;
    });
    return extractor;
  };
  return {
    id: `transformers-${basename(options.modelDir)}`,
    async embed(texts) {
      const extract = await getExtractor();
      const vectors: number[][] = [];
      const size = options.batchSize ?? 16;
      for (let start = 0; start < texts.length; start += size) {
        const output = await extract([...texts.slice(start, start + size)], {
          pooling: 'mean',
          normalize: true,
        });
        vectors.push(...output.tolist());
      }
      return vectors;
    },
  };
}
