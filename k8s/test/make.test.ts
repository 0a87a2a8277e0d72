import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { K8S_DIR, REPO_DIR, renderKustomization } from '../src/manifests.js';

const dryRun = (dir: string, ...args: string[]): string[] =>
  execFileSync('make', ['--no-print-directory', '-n', '-C', dir, ...args], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.trim() !== '');
const scratch = mkdtempSync(path.join(tmpdir(), 'kafkloud-make-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('make targets', () => {
  it('when apply-k8s ENV=minikube is dry-run, then it stages, re-creates the jobs, applies, waits and rolls out in order', () => {
    const lines = dryRun(REPO_DIR, 'apply-k8s', 'ENV=minikube', 'TAG=t1');
    const k = 'kubectl --context minikube -n kafkloud';
    expect(lines).toEqual([
      `${K8S_DIR}/scripts/stage-overlay.sh minikube kafkloud t1 ${REPO_DIR}/.data/deploy/minikube`,
      `${k} delete job topics-provision consumer-migrate consumer-replay --ignore-not-found`,
      `kubectl --context minikube apply -k ${REPO_DIR}/.data/deploy/minikube`,
      `${k} wait --for=condition=complete --timeout=600s job/topics-provision job/consumer-migrate`,
      ...[
        'statefulset/kafka',
        'statefulset/postgres',
        'statefulset/chroma',
        'deployment/kafka-ui',
        'deployment/producer',
        'deployment/consumer',
        'deployment/seer',
        'deployment/portal',
      ].map((w) => `${k} rollout status --timeout=600s ${w}`),
    ]);
  });

  it('when attach-k8s is dry-run, then it port-forwards every service and kafka-ui, in order, until interrupted', () => {
    const script = dryRun(REPO_DIR, 'attach-k8s').join('\n');
    const forwards = [...script.matchAll(/port-forward svc\/([\w-]+) (\d+):(\d+)/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(forwards).toEqual([
      'portal 3000',
      'producer 8000',
      'consumer 8072',
      'seer 8030',
      'kafka-ui 8060',
    ]);
    expect(script).toContain("trap 'kill $(jobs -p) 2>/dev/null' EXIT INT TERM");
    expect(script.trim().endsWith('wait')).toBe(true);
  });

  it('when apply-new-k8s is dry-run, then it builds and pushes every image before applying', () => {
    const lines = dryRun(
      REPO_DIR,
      'apply-new-k8s',
      'ENV=gke',
      'REGISTRY=europe-west1-docker.pkg.dev/p/kafkloud',
      'TAG=t2',
    );
    const build = lines.findIndex(
      (l) => l.startsWith('docker build -f') && l.includes('/portal/Dockerfile'),
    );
    const push = lines.findIndex(
      (l) => l === 'docker push europe-west1-docker.pkg.dev/p/kafkloud/streamer:t2',
    );
    const apply = lines.findIndex((l) => l.startsWith('kubectl apply -k'));
    expect(lines.filter((l) => l.startsWith('docker build'))).toHaveLength(5);
    expect(build).toBeGreaterThanOrEqual(0);
    expect(push).toBeGreaterThan(build);
    expect(apply).toBeGreaterThan(push);
  });

  it('when delete-k8s targets prod without CONFIRM=yes, or gke with the local registry, then make refuses', () => {
    expect(() => dryRun(REPO_DIR, 'delete-k8s', 'ENV=prod', 'REGISTRY=r/kafkloud')).toThrow(
      /CONFIRM=yes/,
    );
    expect(() => dryRun(REPO_DIR, 'apply-k8s', 'ENV=gke')).toThrow(/needs REGISTRY/);
  });

  it('when a component Makefile only includes component.mk, then apply-k8s touches only its own objects and jobs', () => {
    const dir = path.join(scratch, 'consumer');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'Makefile'),
      `first:\n\t@echo own default goal\n\ninclude ${REPO_DIR}/mk/component.mk\n`,
    );
    expect(
      execFileSync('make', ['--no-print-directory', '-C', dir], { encoding: 'utf8' }).trim(),
    ).toBe('own default goal');
    const lines = dryRun(dir, 'apply-k8s', 'TAG=t3');
    expect(lines.slice(1)).toEqual([
      'kubectl --context minikube -n kafkloud delete job consumer-migrate consumer-replay --ignore-not-found',
      `kubectl --context minikube apply -k ${REPO_DIR}/.data/deploy/minikube --selector 'app.kubernetes.io/name in (consumer,consumer-migrate,consumer-replay)'`,
      'kubectl --context minikube -n kafkloud wait --for=condition=complete --timeout=600s job/consumer-migrate',
      'kubectl --context minikube -n kafkloud rollout status --timeout=600s deployment/consumer',
    ]);
    expect(dryRun(dir, 'attach-k8s')).toEqual([
      'kubectl --context minikube -n kafkloud port-forward svc/consumer 8072:8072',
    ]);
  });

  it('when the streamer includes component.mk, then it owns Kafka, the topics job and kafka-ui', () => {
    const dir = path.join(scratch, 'streamer');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'Makefile'), `include ${REPO_DIR}/mk/component.mk\n`);
    const lines = dryRun(dir, 'apply-k8s', 'TAG=t4');
    expect(lines).toContain(
      `kubectl --context minikube apply -k ${REPO_DIR}/.data/deploy/minikube --selector 'app.kubernetes.io/name in (kafka,topics-provision,kafka-ui)'`,
    );
    expect(lines.at(-1)).toBe(
      'kubectl --context minikube -n kafkloud rollout status --timeout=600s statefulset/kafka',
    );
    expect(dryRun(dir, 'attach-k8s')).toEqual([
      'kubectl --context minikube -n kafkloud port-forward svc/kafka-ui 8060:8060',
    ]);
  });

  it.each(['portal', 'producer', 'consumer', 'seer', 'streamer'])(
    'when the %s Makefile is asked for any of the kafkloud targets, then it has them all',
    (component) => {
      const dir = path.join(REPO_DIR, component);
      for (const target of [
        'update-local',
        'build-local',
        'run-local',
        'build-image',
        'run-image',
        'push-image',
        'apply-k8s',
        'query-k8s',
        'delete-k8s',
        'attach-k8s',
        'recreate-k8s',
        'run-new-image',
        'push-new-image',
        'apply-new-k8s',
        'recreate-new-k8s',
        'attach-new-k8s',
      ]) {
        expect(
          () => dryRun(dir, target, 'TAG=t5', 'REGISTRY=registry.example/kafkloud'),
          `${component}: ${target}`,
        ).not.toThrow();
      }
      expect(dryRun(dir, 'build-image', 'TAG=t5')).toContain(
        `docker build -f ${REPO_DIR}/${component}/Dockerfile -t kafkloud/${component}:t5 ${REPO_DIR}`,
      );
    },
  );

  it('when component.mk is included from a folder that is no component, then make says so', () => {
    const dir = path.join(scratch, 'elsewhere');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'Makefile'), `include ${REPO_DIR}/mk/component.mk\n`);
    expect(() => dryRun(dir, 'build-image')).toThrow(
      /not one of portal producer consumer seer streamer/,
    );
  });

  it('when an overlay is staged with a registry and tag, then every kafkloud image is rewritten and latest is refused', () => {
    const out = path.join(scratch, 'stage');
    const script = path.join(K8S_DIR, 'scripts', 'stage-overlay.sh');
    execFileSync(script, ['gke', 'europe-west1-docker.pkg.dev/p/kafkloud', 'abc123', out], {
      encoding: 'utf8',
    });
    expect(readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')).toContain(
      "newTag: 'abc123'",
    );
    const images = renderKustomization(out).flatMap((o) => {
      const spec = (
        o.spec as { template?: { spec?: { containers?: { image: string }[] } } } | undefined
      )?.template?.spec;
      return (spec?.containers ?? []).map((c) => c.image);
    });
    const own = images.filter((image) => image.includes('/kafkloud/'));
    expect(own.length).toBe(7);
    expect(
      own.every(
        (image) =>
          image.startsWith('europe-west1-docker.pkg.dev/p/kafkloud/') && image.endsWith(':abc123'),
      ),
    ).toBe(true);
    expect(() => execFileSync(script, ['gke', 'r', 'latest', out], { stdio: 'pipe' })).toThrow();
  });
});
