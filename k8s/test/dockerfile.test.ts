import { describe, expect, it } from 'vitest';
import { checkDockerfiles, workspaces } from '../src/checks.js';
import { checkCopySources, lintDockerfile } from '../src/dockerfile.js';
import { ignoreRules } from '../src/dockerignore.js';

const WORKSPACES = ['streamer', 'producer'];
const GOOD = `# syntax=docker/dockerfile:1.7
FROM node:24.13.0-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY streamer/package.json streamer/
COPY producer/package.json producer/
RUN npm ci -w @kafkloud/producer
FROM node:24.13.0-bookworm-slim AS deps
COPY package.json package-lock.json ./
COPY streamer/package.json streamer/
COPY producer/package.json producer/
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev -w @kafkloud/producer
FROM node:24.13.0-bookworm-slim
COPY --from=deps /app ./
USER 1000:1000
HEALTHCHECK CMD ["node", "-e", "fetch('http://127.0.0.1:8000/healthz')"]
CMD ["node", "dist/main.js"]
`;
const lint = (text: string, isJob = false): string[] =>
  lintDockerfile('Dockerfile', text, { workspaces: WORKSPACES, isJob }).map((f) => f.rule);

describe('Dockerfile lint', () => {
  it('when every component Dockerfile is linted, then none breaks a rule', () => {
    expect(workspaces()).toContain('k8s');
    expect(checkDockerfiles()).toEqual([]);
  });

  it('when a Dockerfile follows every rule, then it passes', () => {
    expect(lint(GOOD)).toEqual([]);
  });

  it.each([
    ['pinned', GOOD.replaceAll('node:24.13.0-bookworm-slim', 'node:latest')],
    ['base', GOOD.replaceAll('node:24.13.0-bookworm-slim', 'node:22.11.0-bookworm-slim')],
    ['user', GOOD.replace('USER 1000:1000', 'USER root')],
    ['user', GOOD.replace('USER 1000:1000', 'USER node')],
    ['user', GOOD.replace('USER 1000:1000\n', '')],
    ['healthcheck', GOOD.replace(/HEALTHCHECK .*\n/, '')],
    ['healthcheck', GOOD.replace(/HEALTHCHECK .*\n/, 'HEALTHCHECK NONE\n')],
    ['add-url', GOOD.replace('WORKDIR /app', 'ADD https://example.com/tool.tgz /tmp/')],
    ['npm-ci', GOOD.replace('RUN npm ci -w', 'RUN npm install -w')],
    ['omit-dev', GOOD.replace('npm ci --omit=dev', 'npm ci')],
    [
      'workspaces',
      GOOD.replace('COPY producer/package.json producer/\nRUN npm ci -w', 'RUN npm ci -w'),
    ],
    ['cmd', GOOD.replace('CMD ["node", "dist/main.js"]', 'CMD node dist/main.js')],
    ['secrets', GOOD.replace('USER 1000:1000', 'ENV KAFKLOUD_API_TOKENS=abc\nUSER 1000:1000')],
  ])('when a Dockerfile breaks rule %s, then lint names it', (rule, text) => {
    expect(lint(text)).toContain(rule);
  });

  it('when the only stage is the runtime, then multi-stage is required', () => {
    expect(
      lint('FROM node:24.13.0-bookworm-slim\nUSER 1000\nHEALTHCHECK NONE\nCMD ["node"]\n', true),
    ).toContain('multi-stage');
  });

  it('when a job image says HEALTHCHECK NONE, then that is accepted', () => {
    expect(lint(GOOD.replace(/HEALTHCHECK .*\n/, 'HEALTHCHECK NONE\n'), true)).toEqual([]);
  });
});

describe('build contexts', () => {
  const rules = ignoreRules(
    '**\n!package.json\n!*/package.json\n!streamer/src\nstreamer/src/secret.ts\n',
  );

  it('when an allow-list ignore file is read, then later patterns win and directories carry their files', () => {
    expect(rules('package.json')).toBe(false);
    expect(rules('producer/package.json')).toBe(false);
    expect(rules('streamer/src/index.ts')).toBe(false);
    expect(rules('streamer/src/secret.ts')).toBe(true);
    expect(rules('producer/src/main.ts')).toBe(true);
    expect(rules('.env')).toBe(true);
  });

  it('when a COPY names a file the ignore file keeps out, then the check names it', () => {
    const text =
      'FROM node:24.13.0-bookworm-slim\nCOPY package.json ./\nCOPY producer/src producer/src\nCOPY --from=build /app ./\n';
    const isInContext = (source: string): boolean => !rules(source);
    expect(checkCopySources('Dockerfile', text, isInContext)).toEqual([
      {
        file: 'Dockerfile',
        rule: 'context',
        message: 'COPY producer/src is missing from the build context',
      },
    ]);
  });
});
