import { chunkText, type ChunkOptions } from './chunk-text.js';
import { documentChunkId } from './ids.js';
import { learnItems, type LearnDeps } from './learn.js';

export type LoadedDocument = { name: string; chunks: number; ids: string[] };

/** Splits a text document into overlapping chunks and learns each one. */
export async function loadDocument(
  deps: LearnDeps,
  document: { name: string; text: string },
  options: ChunkOptions,
): Promise<LoadedDocument> {
  const items = chunkText(document.text, options).map((text, chunk) => ({
    id: documentChunkId(document.name, chunk, text),
    text,
    ref: { kind: 'document' as const, name: document.name, chunk },
  }));
  await learnItems(deps, items);
  return { name: document.name, chunks: items.length, ids: items.map((item) => item.id) };
}
