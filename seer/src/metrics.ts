import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Embedder } from './embed/types.js';

export type SeerMetrics = {
  embedSeconds: Histogram<'purpose'>;
  askSeconds: Histogram<'channel' | 'known'>;
  learned: Counter<'kind'>;
  deadLettered: Counter<'topic'>;
};

const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

/** Seer's own metrics; the index size is read from the store on each scrape. */
export function createSeerMetrics(registry: Registry, count: () => Promise<number>): SeerMetrics {
  new Gauge({
    name: 'seer_index_items',
    help: 'Items (statements, document chunks, events) in the vector index',
    registers: [registry],
    async collect() {
      try {
        this.set(await count());
      } catch {
        // Chroma down: the scrape still succeeds; /readyz reports the outage.
      }
    },
  });
  return {
    embedSeconds: new Histogram({
      name: 'seer_embed_duration_seconds',
      help: 'Time to embed one call worth of texts',
      labelNames: ['purpose'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    askSeconds: new Histogram({
      name: 'seer_ask_duration_seconds',
      help: 'Time to answer a question, by channel and whether seer knew the answer',
      labelNames: ['channel', 'known'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    learned: new Counter({
      name: 'seer_learned_total',
      help: 'Items learned, by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: 'seer_dead_lettered_total',
      help: 'Statements and questions that broke their contract and went to the dead-letter topic',
      labelNames: ['topic'],
      registers: [registry],
    }),
  };
}

export function timedEmbedder(embedder: Embedder, metrics: SeerMetrics): Embedder {
  return {
    id: embedder.id,
    async embed(texts, purpose) {
      const end = metrics.embedSeconds.startTimer({ purpose });
      try {
        return await embedder.embed(texts, purpose);
      } finally {
        end();
      }
    },
  };
}
