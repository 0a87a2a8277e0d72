/** One Server-Sent Events message (WHATWG HTML, "event stream interpretation"). */
export type SseMessage = { event: string; data: string; id: string | null; retry: number | null };

/**
 * Incremental event-stream parser: feed it text as it arrives, in chunks of any size; it
 * returns the messages completed by that chunk.
 */
export function createSseParser(): (chunk: string) => SseMessage[] {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  let retry: number | null = null;

  return (chunk) => {
    buffer += chunk;
    const messages: SseMessage[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      // A lone trailing \r may be the first half of \r\n: wait for the next chunk.
      if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) break;
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      if (line === '') {
        if (data.length > 0 || retry !== null) {
          messages.push({ event: event || 'message', data: data.join('\n'), id, retry });
        }
        event = '';
        data = [];
        retry = null;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id' && !value.includes('\u0000')) id = value;
      else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
    }
    return messages;
  };
}

export function formatSse(message: {
  data?: string;
  event?: string;
  id?: string | null;
  retry?: number;
}): string {
  let out = '';
  if (message.retry !== undefined) out += `retry: ${message.retry}\n`;
  if (message.id) out += `id: ${message.id}\n`;
  if (message.event) out += `event: ${message.event}\n`;
  if (message.data !== undefined) {
    for (const line of message.data.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  }
  return `${out}\n`;
}
