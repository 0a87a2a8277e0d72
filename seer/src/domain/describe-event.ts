import { EVENT_TYPES, type KafkloudEvent } from '@kafkloud/streamer';

/** Longest readable text kept for one event; a large message is cut, never refused. */
export const MAX_EVENT_TEXT_CHARS = 4_000;

function flatten(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (depth > 6) return '';
  if (Array.isArray(value)) {
    return value
      .map((item) => flatten(item, depth + 1))
      .filter((text) => text.length > 0)
      .join(', ');
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, item]) => {
        const text = flatten(item, depth + 1);
        return text.length > 0 ? `${key}: ${text}` : '';
      })
      .filter((text) => text.length > 0)
      .join('; ');
  }
  return '';
}

function cut(text: string): string {
  return text.length > MAX_EVENT_TEXT_CHARS ? `${text.slice(0, MAX_EVENT_TEXT_CHARS - 1)}…` : text;
}

/** What the event says, in words: this is what gets embedded, so questions meet its content. */
export function describeEventContent(event: KafkloudEvent): string {
  switch (event.type) {
    case EVENT_TYPES.doit: {
      const label = event.data.label ? ` labelled "${event.data.label}"` : '';
      const at = event.data.clickedAt ? ` at ${event.data.clickedAt}` : '';
      return `DoIt button clicked${label}${at}.`;
    }
    case EVENT_TYPES.timestamp:
      return `Timestamp recorded: ${event.data.eventTimestamp}.`;
    case EVENT_TYPES.hello: {
      const sequence =
        event.data.sequence === undefined ? '' : ` (broadcast number ${event.data.sequence})`;
      return `Hello broadcast: "${event.data.message}"${sequence}.`;
    }
    case EVENT_TYPES.message: {
      const text = flatten(event.data);
      return cut(text.length > 0 ? `Message: ${text}` : 'Empty message.');
    }
  }
}

/** The readable text stored and shown as a source: the content plus where and when. */
export function describeEvent(event: KafkloudEvent): string {
  return cut(
    `${describeEventContent(event)} (event ${event.id}, type ${event.type}, from ${event.source}, at ${event.time})`,
  );
}
