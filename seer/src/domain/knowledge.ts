import type { AnswerSource, SourceRef } from '@kafkloud/streamer';

/** One piece of learned text with where it came from. */
export type KnowledgeItem = {
  /** Deterministic: the event id or a content hash, so learning twice overwrites, never adds. */
  id: string;
  text: string;
  ref: SourceRef;
};

export type Match = AnswerSource;

/** What the domain needs from the vector store (Chroma in production and tests). */
export type KnowledgeStore = {
  upsert(items: readonly KnowledgeItem[], embeddings: readonly number[][]): Promise<void>;
  /** Nearest items first; `score` is the cosine similarity in [-1, 1]. */
  query(embedding: readonly number[], limit: number): Promise<Match[]>;
  count(): Promise<number>;
};
