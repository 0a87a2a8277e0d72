#!/usr/bin/env node
/* global URL, process, fetch, console, setTimeout */
// Next 16 no longer prints per-route sizes in `next build`, so this measures what its old
// "First Load JS" column did: the gzip size of every script a route's HTML loads on first visit
// (polyfills served to legacy browsers only, via nomodule, excluded).
// Usage, after `next build`: node scripts/first-load-js.mjs [route ...]   (default: /)
// It starts the built portal on a free port for the measurement, or uses PORTAL_URL if set.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const portalDir = fileURLToPath(new URL('..', import.meta.url));
const nextDir = `${portalDir}.next/`;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startPortal() {
  const port = await freePort();
  const next = fileURLToPath(import.meta.resolve('next/dist/bin/next'));
  const child = spawn(process.execPath, [next, 'start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: portalDir,
    stdio: 'ignore',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const isUp = await fetch(`${baseUrl}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (isUp) return { baseUrl, stop: () => child.kill('SIGTERM') };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error('the portal did not start: run `next build` first');
}

async function measure(baseUrl, route) {
  const html = await (await fetch(new URL(route, baseUrl))).text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)]
    .map(([, attributes]) => attributes)
    .filter((attributes) => !/\bnomodule\b/i.test(attributes))
    .map((attributes) => /\bsrc="([^"]+)"/.exec(attributes)?.[1])
    .filter((src) => src?.startsWith('/_next/static/'));
  const unique = [...new Set(scripts)];
  let raw = 0;
  let gzip = 0;
  for (const src of unique) {
    const path = src.slice('/_next/static/'.length).split('?')[0];
    const bytes = await readFile(`${nextDir}static/${path}`);
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: unique.length, raw, gzip };
}

const routes = process.argv.slice(2);
const portal = process.env.PORTAL_URL
  ? { baseUrl: process.env.PORTAL_URL, stop: () => undefined }
  : await startPortal();
try {
  for (const route of routes.length > 0 ? routes : ['/']) {
    const { files, raw, gzip } = await measure(portal.baseUrl, route);
    console.log(
      `${route}\tfirst-load JS ${(gzip / 1000).toFixed(1)} kB gzip (${(raw / 1000).toFixed(1)} kB raw, ${files} files)`,
    );
  }
} finally {
  portal.stop();
}
