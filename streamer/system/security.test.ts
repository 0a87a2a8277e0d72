import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPEN_PATHS, baseUrl, concrete, endpoints, stack } from './helpers.js';

const SAMPLE_PARAM = '2009-09-28T19:03:12Z';

async function call(
  service: string,
  method: string,
  path: string,
  headers: Record<string, string>,
) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (method !== 'GET') {
    init.body = '{}';
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const controller = new AbortController();
  const res = await fetch(`${baseUrl(service)}${concrete(path, SAMPLE_PARAM)}`, {
    ...init,
    signal: controller.signal,
  });
  const contentType = res.headers.get('content-type') ?? '';
  controller.abort();
  return { status: res.status, contentType, headers: res.headers };
}

describe('security of every service endpoint', () => {
  it('when a token is missing or invalid, then every endpoint but health, readiness and metrics answers 401 problem+json', async () => {
    const all = await endpoints();
    expect(all.length).toBeGreaterThan(15);
    const guarded = all.filter((e) => !OPEN_PATHS.has(e.path));
    for (const endpoint of guarded) {
      const variants: Record<string, string>[] = [
        {},
        { authorization: 'Bearer not-a-valid-token-000000' },
        { authorization: 'Basic abc' },
      ];
      for (const headers of variants) {
        const res = await call(endpoint.service, endpoint.method, endpoint.path, headers);
        expect(res.status, `${endpoint.service} ${endpoint.method} ${endpoint.path}`).toBe(401);
        expect(res.contentType).toContain('application/problem+json');
      }
    }
    for (const endpoint of all.filter((e) => OPEN_PATHS.has(e.path))) {
      const res = await call(endpoint.service, endpoint.method, endpoint.path, {});
      expect([200, 503], `${endpoint.service} ${endpoint.path}`).toContain(res.status);
    }
  });

  it('when any response is sent, then the security headers are set', async () => {
    for (const service of ['producer', 'consumer', 'seer']) {
      for (const path of ['/healthz', '/no-such-route']) {
        const res = await call(service, 'GET', path, {});
        expect(res.headers.get('x-content-type-options'), `${service} ${path}`).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
        expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
    }
  });

  it('when one client opens more live streams than allowed, then the extra ones are refused with 429', async () => {
    const { token } = stack();
    const controllers: AbortController[] = [];
    const statuses: number[] = [];
    try {
      for (let i = 0; i < 12; i += 1) {
        const controller = new AbortController();
        controllers.push(controller);
        const res = await fetch(`${baseUrl('consumer')}/events/stream`, {
          headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
          signal: controller.signal,
        });
        statuses.push(res.status);
      }
    } finally {
      for (const controller of controllers) controller.abort();
    }
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses).toContain(429);
    expect(statuses.indexOf(429)).toBeGreaterThan(statuses.lastIndexOf(200));
  });

  it('when services log at debug level, then no token or password appears in their logs', async () => {
    const { token, work, databaseUrl } = stack();
    const password = new URL(databaseUrl).password;
    expect(password.length).toBeGreaterThan(0);
    // Make sure every service has seen the token on requests, valid and invalid.
    for (const service of ['producer', 'consumer', 'seer']) {
      await fetch(`${baseUrl(service)}/no-such-route`, {
        headers: { authorization: `Bearer ${token}` },
      });
      await fetch(`${baseUrl(service)}/no-such-route`, {
        headers: { authorization: 'Bearer wrong-token-that-must-not-leak' },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const service of ['producer', 'consumer', 'seer']) {
      const log = await readFile(join(work, `${service}.log`), 'utf8');
      expect(log.length, `${service} wrote logs`).toBeGreaterThan(0);
      expect(log.includes(token), `${service} log holds the API token`).toBe(false);
      expect(
        log.includes('wrong-token-that-must-not-leak'),
        `${service} log holds a bearer token`,
      ).toBe(false);
      expect(log.includes(password), `${service} log holds the database password`).toBe(false);
    }
  });
});
