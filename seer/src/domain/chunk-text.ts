/** Chunking of uploaded documents: sentence-aligned windows that overlap by a few sentences. */
export type ChunkOptions = {
  /** Target chunk length in characters; a chunk closes before exceeding it. */
  maxChars: number;
  /** Characters of trailing sentences repeated at the start of the next chunk. */
  overlapChars: number;
};

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxChars: 500, overlapChars: 120 };

/** Splits on sentence ends and on blank lines; keeps each sentence's own text, trimmed. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const flat = paragraph.replace(/\s+/g, ' ').trim();
    if (flat.length === 0) continue;
    // A sentence ends at . ! ? (optionally followed by a closing quote or bracket) and a space
    // before an upper-case letter, digit or opening quote.
    const parts = flat.split(/(?<=[.!?]["'\u201d\u2019)\]]?)\s+(?=["'\u201c\u2018(]?[A-Z0-9])/);
    for (const part of parts) {
      const sentence = part.trim();
      if (sentence.length > 0) sentences.push(sentence);
    }
  }
  return sentences;
}

function splitLong(sentence: string, maxChars: number): string[] {
  if (sentence.length <= maxChars) return [sentence];
  const pieces: string[] = [];
  let current = '';
  for (const word of sentence.split(' ')) {
    if (current.length > 0 && current.length + 1 + word.length > maxChars) {
      pieces.push(current);
      current = '';
    }
    current = current.length > 0 ? `${current} ${word}` : word;
    while (current.length > maxChars) {
      pieces.push(current.slice(0, maxChars));
      current = current.slice(maxChars);
    }
  }
  if (current.length > 0) pieces.push(current);
  return pieces;
}

export function chunkText(text: string, options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): string[] {
  const sentences = splitSentences(text).flatMap((s) => splitLong(s, options.maxChars));
  const chunks: string[] = [];
  let window: string[] = [];
  let length = 0;
  for (const sentence of sentences) {
    if (window.length > 0 && length + 1 + sentence.length > options.maxChars) {
      chunks.push(window.join(' '));
      // Carry the last sentences (up to the overlap budget) into the next chunk.
      const carried: string[] = [];
      let carriedLength = 0;
      for (let i = window.length - 1; i >= 0; i -= 1) {
        const candidate = window[i]!;
        if (carriedLength + candidate.length + 1 > options.overlapChars) break;
        if (carriedLength + candidate.length + 1 + sentence.length > options.maxChars) break;
        carried.unshift(candidate);
        carriedLength += candidate.length + 1;
      }
      window = carried;
      length = Math.max(carriedLength - 1, 0);
    }
    window.push(sentence);
    length += (window.length > 1 ? 1 : 0) + sentence.length;
  }
  if (window.length > 0) chunks.push(window.join(' '));
  return chunks;
}
