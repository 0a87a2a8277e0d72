import { inject } from 'vitest';

export type Endpoint = { service: string; method: string; path: string };

export const OPEN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

export function stack() {
  return inject('stack');
}

/** Every operation each service documents in its /openapi.json. */
export async function endpoints(): Promise<Endpoint[]> {
  const { urls, token } = stack();
  const found: Endpoint[] = [];
  for (const [service, url] of Object.entries(urls)) {
    const res = await fetch(`${url}/openapi.json`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`${service} /openapi.json answered ${res.status}`);
    const document = (await res.json()) as { paths: Record<string, Record<string, unknown>> };
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const method of Object.keys(operations)) {
        if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) {
          found.push({ service, method: method.toUpperCase(), path });
        }
      }
    }
  }
  return found;
}

/** A concrete URL for a templated path: every `{param}` becomes `value`. */
export function concrete(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, encodeURIComponent(value));
}

export function baseUrl(service: string): string {
  const { urls } = stack();
  const url = urls[service as keyof typeof urls];
  if (!url) throw new Error(`unknown service ${service}`);
  return url;
}
