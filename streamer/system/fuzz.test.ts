import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPEN_PATHS, baseUrl, endpoints, stack, type Endpoint } from './helpers.js';

/** Cases per endpoint; `make fuzz` runs 10,000, `make test` fewer. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);

const pathValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('..', '%', '%zz', '2009-09-28T19:03:12Z', '0', '-1', 'null', '{}', ' '),
  fc.uuid(),
);
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc
    .record({
      question: fc.string(),
      statements: fc.array(fc.string()),
      type: fc.string(),
      data: fc.jsonValue(),
    })
    .map((v) => JSON.stringify(v)),
);
const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'text/plain',
      'text/plain; charset=latin1',
      'application/octet-stream',
      'multipart/form-data',
      'application/json; charset=utf-16',
    ),
    fc.string({ maxLength: 30 }).filter((s) => /^[\x21-\x7e ]*$/.test(s)),
  ),
  { nil: undefined },
);
const query = fc.dictionary(
  fc.constantFrom('limit', 'cursor', 'type', 'from', 'to', 'x'),
  fc.oneof(fc.string({ maxLength: 20 }), fc.integer().map(String)),
  { maxKeys: 4 },
);
const correlation = fc.option(
  fc.string({ maxLength: 150 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
  {
    nil: undefined,
  },
);

async function rss(service: string): Promise<number> {
  const text = await (await fetch(`${baseUrl(service)}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes'));
  return Number(line?.split(' ').at(-1) ?? NaN);
}

function toUrl(endpoint: Endpoint, value: string, params: Record<string, string>): string {
  const path = endpoint.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(value));
  const search = new URLSearchParams(params).toString();
  return `${baseUrl(endpoint.service)}${path}${search ? `?${search}` : ''}`;
}

describe(`fuzzing every endpoint (${RUNS} cases each)`, () => {
  it('when requests carry arbitrary paths, bodies, headers and queries, then no endpoint answers 5xx and no service crashes or grows without bound', async () => {
    const { token } = stack();
    const all = (await endpoints()).filter(
      (e) => !OPEN_PATHS.has(e.path) && !e.path.endsWith('/stream'),
    );
    expect(all.length).toBeGreaterThan(10);
    const before = Object.fromEntries(
      await Promise.all(
        ['producer', 'consumer', 'seer'].map(async (s) => [s, await rss(s)] as const),
      ),
    );
    for (const endpoint of all) {
      await fc.assert(
        fc.asyncProperty(
          pathValue,
          body,
          contentType,
          query,
          correlation,
          async (value, payload, type, params, correlationId) => {
            const headers: Record<string, string> = { authorization: `Bearer ${token}` };
            if (type) headers['content-type'] = type;
            if (correlationId !== undefined) headers.correlationId = correlationId;
            const res = await fetch(toUrl(endpoint, value, params), {
              method: endpoint.method,
              headers,
              ...(endpoint.method !== 'GET' && payload !== undefined ? { body: payload } : {}),
              signal: AbortSignal.timeout(10_000),
            });
            await res.body?.cancel();
            // 503 is a legitimate answer while a dependency is slow; anything else 5xx is a bug.
            if (res.status >= 500 && res.status !== 503) {
              throw new Error(
                `${endpoint.service} ${endpoint.method} ${endpoint.path} answered ${res.status}`,
              );
            }
          },
        ),
        { numRuns: RUNS },
      );
    }
    for (const service of ['producer', 'consumer', 'seer']) {
      const health = await fetch(`${baseUrl(service)}/healthz`);
      expect(health.status, `${service} still up`).toBe(200);
      const growth = ((await rss(service)) - (before[service] ?? 0)) / 2 ** 20;
      expect(growth, `${service} resident memory growth in MiB`).toBeLessThan(200);
    }
  });
});
