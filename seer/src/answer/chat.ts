import type { AnswerSource } from '@kafkloud/streamer';
import type { ChatAnswerer } from '../domain/answer-question.js';

export type ChatOptions = { url: string; model: string; apiKey?: string; timeoutMs?: number };

const SYSTEM_PROMPT = [
  'You answer questions using only the numbered sources you are given.',
  'Cite every fact with the number of its source in square brackets, like [1].',
  'If the sources do not answer the question, say that you do not know yet.',
  'Never add facts that are not in the sources. Answer in at most three sentences.',
].join(' ');

/** An OpenAI-compatible `POST {url}/chat/completions` that writes the answer from the sources. */
export function createChatAnswerer(options: ChatOptions): ChatAnswerer {
  const endpoint = `${options.url.replace(/\/+$/, '')}/chat/completions`;
  return async (question: string, sources: readonly AnswerSource[]) => {
    const numbered = sources.map((source, index) => `[${index + 1}] ${source.text}`).join('\n');
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: options.model,
        temperature: 0,
        messages: [
          { role: 'system', content: SYSTEM_PROMPT },
          { role: 'user', content: `Sources:\n${numbered}\n\nQuestion: ${question}` },
        ],
      }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    if (!response.ok) throw new Error(`chat request failed: HTTP ${response.status}`);
    const body = (await response.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = body.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new Error('chat response has no message content');
    return content;
  };
}
