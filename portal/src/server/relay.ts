import 'server-only';
import { createSseParser, formatSse } from '@/lib/sse';
import { apiToken } from './token';
import { baseUrl } from './upstream';

const RETRY_MS = 2_000;
const KEEPALIVE_MS = 15_000;

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return data;
  }
}

/**
 * The browser this stream is for, so the consumer's per-client stream limit applies per browser
 * rather than to the portal as a whole. The last `X-Forwarded-For` entry is the one the nearest
 * proxy (the ingress, or Next.js itself) wrote, so it is the one a browser cannot choose.
 */
function browserAddress(request: Request): string {
  const forwarded = request.headers.get('x-forwarded-for') ?? '';
  return forwarded.split(',').at(-1)?.trim() || 'unknown';
}

/**
 * Relays the consumer's event stream to the browser. Every upstream message is re-sent as a
 * plain `message` whose data is `{ kind, payload }`, so the browser needs one listener whatever
 * the upstream event names are; ids pass through so `Last-Event-ID` resumes where it left off.
 * When the consumer is unreachable the stream says so and ends; the browser retries.
 */
export function relayEventStream(request: Request): Response {
  const encoder = new TextEncoder();
  const upstreamAbort = new AbortController();
  request.signal.addEventListener('abort', () => upstreamAbort.abort());
  let keepalive: ReturnType<typeof setInterval> | undefined;

  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          upstreamAbort.abort();
        }
      };
      send(formatSse({ retry: RETRY_MS }));
      keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
      const headers = new Headers({
        accept: 'text/event-stream',
        'x-kafkloud-client': browserAddress(request),
      });
      const lastEventId = request.headers.get('last-event-id');
      if (lastEventId) headers.set('last-event-id', lastEventId);
      const token = await apiToken();
      if (token) headers.set('authorization', `Bearer ${token}`);
      try {
        const upstream = await fetch(`${baseUrl('consumer')}/events/stream`, {
          headers,
          cache: 'no-store',
          signal: upstreamAbort.signal,
        });
        if (upstream.status === 429) {
          throw new Error('the consumer refused: too many live feeds are open from this browser');
        }
        if (!upstream.ok || upstream.body === null) {
          throw new Error(`the consumer answered ${upstream.status}`);
        }
        send(formatSse({ data: JSON.stringify({ kind: 'connected', payload: null }) }));
        const parse = createSseParser();
        const decoder = new TextDecoder();
        for await (const chunk of upstream.body) {
          for (const message of parse(decoder.decode(chunk, { stream: true }))) {
            if (message.data === '') continue;
            send(
              formatSse({
                id: message.id,
                data: JSON.stringify({ kind: message.event, payload: parseData(message.data) }),
              }),
            );
          }
        }
      } catch (error) {
        if (!request.signal.aborted) {
          const detail =
            error instanceof Error && error.message.startsWith('the consumer')
              ? error.message
              : 'The consumer is unreachable.';
          send(formatSse({ data: JSON.stringify({ kind: 'unavailable', payload: detail }) }));
        }
      } finally {
        clearInterval(keepalive);
        try {
          controller.close();
        } catch {
          // Already closed by the browser going away.
        }
      }
    },
    cancel() {
      clearInterval(keepalive);
      upstreamAbort.abort();
    },
  });

  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    },
  });
}
