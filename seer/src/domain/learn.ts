import type { Embedder } from '../embed/types.js';
import type { KnowledgeItem, KnowledgeStore } from './knowledge.js';

export type LearnDeps = { store: KnowledgeStore; embedder: Embedder };

/** An item plus, when it differs, the text its vector is computed from. */
export type Learnable = KnowledgeItem & { embedText?: string };

/**
 * Embeds and stores items. Ids are deterministic, so learning the same item again replaces
 * it: redelivery and replay never add vectors. Resolves only once the store has them.
 */
export async function learnItems(deps: LearnDeps, items: readonly Learnable[]): Promise<void> {
  if (items.length === 0) return;
  // Within one call the last copy of an id wins, as it would across calls.
  const unique = [...new Map(items.map((item) => [item.id, item])).values()];
  const embeddings = await deps.embedder.embed(
    unique.map((item) => item.embedText ?? item.text),
    'document',
  );
  await deps.store.upsert(
    unique.map(({ id, text, ref }) => ({ id, text, ref })),
    embeddings,
  );
}
