import { AppError } from '@kafkloud/streamer/http';
import type { SourceRef } from '@kafkloud/streamer';
import { ChromaClient, ChromaConnectionError, ChromaServerError, type Collection } from 'chromadb';
import type { KnowledgeItem, KnowledgeStore, Match } from '../domain/knowledge.js';

export type ChromaStoreOptions = {
  url: string;
  /** Full collection name (see `collectionName`). */
  collection: string;
  retryAfterSeconds?: number;
};

/** Chroma keeps at most a few thousand records per request; larger writes are split. */
const UPSERT_BATCH = 1_000;

type Metadata = Record<string, string | number | boolean>;

/** `<stem>-<embedder id>`: vectors of different embedders never share a collection. */
export function collectionName(stem: string, embedderId: string): string {
  const name = `${stem}-${embedderId}`
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/\.{2,}/g, '.')
    .slice(0, 512);
  return name.replace(/[^A-Za-z0-9]+$/, '');
}

function toMetadata(ref: SourceRef): Metadata {
  switch (ref.kind) {
    case 'event':
      return {
        kind: 'event',
        eventId: ref.eventId,
        topic: ref.topic,
        partition: ref.partition,
        offset: ref.offset,
      };
    case 'statement':
      return { kind: 'statement', origin: ref.origin };
    case 'document':
      return { kind: 'document', name: ref.name, chunk: ref.chunk };
  }
}

function fromMetadata(metadata: Record<string, unknown> | null | undefined): SourceRef {
  const m = metadata ?? {};
  if (m.kind === 'event') {
    return {
      kind: 'event',
      eventId: String(m.eventId),
      topic: String(m.topic),
      partition: Number(m.partition),
      offset: String(m.offset),
    };
  }
  if (m.kind === 'document') {
    return { kind: 'document', name: String(m.name), chunk: Number(m.chunk) };
  }
  return { kind: 'statement', origin: m.origin === 'kafka' ? 'kafka' : 'http' };
}

function isUnreachable(error: unknown): boolean {
  if (error instanceof ChromaConnectionError || error instanceof ChromaServerError) return true;
  const text = `${(error as Error)?.name ?? ''} ${(error as Error)?.message ?? ''} ${String((error as Error)?.cause ?? '')}`;
  return /fetch failed|ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket|network|aborted|timeout/i.test(
    text,
  );
}

export type ChromaStore = KnowledgeStore & {
  /** True when Chroma answers its heartbeat within a second. */
  isReachable(): Promise<boolean>;
  readonly collection: string;
};

export function createChromaStore(options: ChromaStoreOptions): ChromaStore {
  const url = new URL(options.url);
  const isSsl = url.protocol === 'https:';
  const client = new ChromaClient({
    host: url.hostname,
    port: url.port ? Number(url.port) : isSsl ? 443 : 80,
    ssl: isSsl,
  });
  const heartbeatUrl = new URL('/api/v2/heartbeat', url).toString();
  let collection: Promise<Collection> | undefined;

  const getCollection = (): Promise<Collection> => {
    collection ??= client.getOrCreateCollection({
      name: options.collection,
      embeddingFunction: null,
      configuration: { hnsw: { space: 'cosine' } },
    });
    collection.catch(() => {
      collection = undefined;
    });
    return collection;
  };

  const guard = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (isUnreachable(error)) {
        throw new AppError('unavailable', `chroma is unavailable (${operation})`, {
          cause: error,
          retryAfter: options.retryAfterSeconds ?? 2,
        });
      }
      throw error;
    }
  };

  return {
    collection: options.collection,
    async upsert(items: readonly KnowledgeItem[], embeddings: readonly number[][]) {
      if (items.length !== embeddings.length) throw new Error('one embedding per item is needed');
      await guard('upsert', async () => {
        const target = await getCollection();
        for (let start = 0; start < items.length; start += UPSERT_BATCH) {
          const slice = items.slice(start, start + UPSERT_BATCH);
          await target.upsert({
            ids: slice.map((item) => item.id),
            embeddings: embeddings.slice(start, start + UPSERT_BATCH).map((v) => [...v]),
            documents: slice.map((item) => item.text),
            metadatas: slice.map((item) => toMetadata(item.ref)),
          });
        }
      });
    },
    async query(embedding: readonly number[], limit: number): Promise<Match[]> {
      return guard('query', async () => {
        const target = await getCollection();
        const result = await target.query({
          queryEmbeddings: [[...embedding]],
          nResults: limit,
          include: ['documents', 'metadatas', 'distances'],
        });
        const ids = result.ids[0] ?? [];
        return ids.map((id, index) => ({
          id,
          text: result.documents[0]?.[index] ?? '',
          score: 1 - (result.distances[0]?.[index] ?? 1),
          ref: fromMetadata(result.metadatas[0]?.[index]),
        }));
      });
    },
    async count() {
      return guard('count', async () => (await getCollection()).count());
    },
    async isReachable() {
      try {
        const response = await fetch(heartbeatUrl, { signal: AbortSignal.timeout(1_000) });
        return response.ok;
      } catch {
        return false;
      }
    },
  };
}
