import { uniqueName } from '@kafkloud/streamer/testing';
import { describe, expect, it } from 'vitest';
import { createChromaStore } from '../../src/chroma/store.js';
import { createHashedEmbedder } from '../../src/embed/hashed.js';

describe('chroma store', () => {
  it('when items are written twice, then each is stored once and the nearest comes back first with its score', async () => {
    const store = createChromaStore({
      url: process.env.CHROMA_URL ?? 'http://127.0.0.1:8020',
      collection: uniqueName('c'),
    });
    const embedder = createHashedEmbedder();
    const items = Array.from({ length: 30 }, (_, i) => ({
      id: `statement:${i}`,
      text: `Island number ${i} grows ${['figs', 'dates', 'olives', 'plums', 'limes', 'pears'][i % 6]} on terrace ${i * 7}.`,
      ref: { kind: 'statement' as const, origin: 'http' as const },
    }));
    const vectors = await embedder.embed(
      items.map((item) => item.text),
      'document',
    );
    await store.upsert(items, vectors);
    await store.upsert(items, vectors);
    expect(await store.count()).toBe(30);

    for (const target of [items[4]!, items[17]!, items[29]!]) {
      const [query] = await embedder.embed([target.text], 'query');
      const matches = await store.query(query!, 3);
      expect(matches).toHaveLength(3);
      expect(matches[0]?.id).toBe(target.id);
      expect(matches[0]?.score).toBeGreaterThan(0.99);
      expect(matches[0]!.score).toBeGreaterThanOrEqual(matches[1]!.score);
    }
  });
});
