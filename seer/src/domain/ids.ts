import { createHash } from 'node:crypto';

function digest(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

export function eventItemId(eventId: string): string {
  return `event:${eventId}`;
}

/** Statements are identified by their normalised text: the same statement twice is one item. */
export function statementItemId(text: string): string {
  return `statement:${digest(text.replace(/\s+/g, ' ').trim().toLowerCase())}`;
}

export function documentChunkId(name: string, chunk: number, text: string): string {
  return `document:${digest(name, String(chunk), text)}`;
}
