import { describe, expect, it } from 'vitest';
import { OVERLAYS } from '../src/manifests.js';
import type { K8sObject } from '../src/manifests.js';
import { policyFindings } from '../src/checks.js';
import {
  checkContainers,
  checkImages,
  checkReferences,
  checkSecrets,
  isPinnedImage,
} from '../src/policy.js';
import { clone, find, podSpec, rendered } from './helpers.js';

const prod = (): K8sObject[] => rendered('prod');

describe('policies over the rendered overlays', () => {
  it.each(OVERLAYS)('when %s renders, then it breaks no policy', (overlay) => {
    expect(policyFindings(rendered(overlay), overlay)).toEqual([]);
  });

  it('when a container loses its memory limit, then resources are flagged', () => {
    const objects = prod();
    const container = podSpec(find(objects, 'Deployment', 'seer')).containers[0] as {
      resources: { limits: Record<string, string> };
    };
    delete container.resources.limits.memory;
    expect(checkContainers(objects)).toEqual([
      {
        object: 'Deployment/kafkloud/seer',
        rule: 'resources',
        message: 'container seer has no limits.memory',
      },
    ]);
  });

  it('when runAsNonRoot is removed from pod and container, then the container may run as root', () => {
    const objects = prod();
    const pod = podSpec(find(objects, 'StatefulSet', 'postgres'));
    delete pod.securityContext?.runAsNonRoot;
    delete (pod.containers[0]?.securityContext as Record<string, unknown>).runAsNonRoot;
    expect(checkContainers(objects).map((f) => f.message)).toEqual([
      'container postgres may run as root (runAsNonRoot)',
    ]);
  });

  it('when a service probes the wrong path or lacks readiness, then probes are flagged', () => {
    const objects = prod();
    const container = podSpec(find(objects, 'Deployment', 'consumer')).containers[0] ?? {};
    delete container.readinessProbe;
    const messages = checkContainers(objects).map((f) => f.message);
    expect(messages).toContain('container consumer lacks a liveness or readiness probe');
    expect(messages).toContain('container consumer readiness is not GET /readyz');
  });

  it('when an image is latest, untagged or unversioned, then it is not pinned', () => {
    expect(isPinnedImage('apache/kafka:4.1.2')).toBe(true);
    expect(isPinnedImage('localhost:5000/kafkloud/seer:3c6b007')).toBe(true);
    expect(isPinnedImage(`postgres@sha256:${'a'.repeat(64)}`)).toBe(true);
    expect(isPinnedImage('postgres:latest')).toBe(false);
    expect(isPinnedImage('postgres')).toBe(false);
    expect(isPinnedImage('localhost:5000/postgres')).toBe(false);
    expect(isPinnedImage('postgres:alpine')).toBe(false);
    const objects = prod();
    (podSpec(find(objects, 'Deployment', 'kafka-ui')).containers[0] ?? {}).image =
      'ghcr.io/kafbat/kafka-ui:latest';
    expect(checkImages(objects).map((f) => f.object)).toEqual(['Deployment/kafkloud/kafka-ui']);
  });

  it('when a Secret with a literal value appears in prod or gke, then it is flagged, and not in minikube', () => {
    const secret: K8sObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'kafkloud-api', namespace: 'kafkloud' },
      stringData: { tokens: 'not-for-git-0123456789' },
    };
    for (const overlay of ['prod', 'gke'] as const) {
      expect(checkSecrets([...rendered(overlay), secret], overlay)).toEqual([
        {
          object: 'Secret/kafkloud/kafkloud-api',
          rule: 'secrets',
          message: 'holds literal values (tokens)',
        },
      ]);
    }
    expect(checkSecrets(rendered('minikube'), 'minikube')).toEqual([]);
  });

  it('when prod renders, then it holds no Secret and references only the documented ones', () => {
    const objects = rendered('prod');
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const withUnknown = clone(objects);
    const container = podSpec(find(withUnknown, 'Deployment', 'seer')).containers[0] as {
      env: unknown[];
    };
    container.env.push({ name: 'X', valueFrom: { secretKeyRef: { name: 'surprise', key: 'x' } } });
    expect(checkSecrets(withUnknown, 'prod').map((f) => f.message)).toEqual([
      'references Secret surprise, which no one creates',
    ]);
  });

  it('when a Service selects pods that do not exist, then it is flagged', () => {
    const objects = prod();
    const service = find(objects, 'Service', 'chroma') as K8sObject & {
      spec: { selector: Record<string, string> };
    };
    service.spec.selector = { 'app.kubernetes.io/name': 'chromadb' };
    expect(checkReferences(objects)).toEqual([
      {
        object: 'Service/kafkloud/chroma',
        rule: 'references',
        message: 'selector {"app.kubernetes.io/name":"chromadb"} matches no pods',
      },
    ]);
  });

  it('when an Ingress names a missing Service, or an object leaves the namespace, then both are flagged', () => {
    const objects = prod();
    const ingress = find(objects, 'Ingress', 'kafkloud') as K8sObject & {
      spec: { rules: { http: { paths: { backend: { service: { name: string } } }[] } }[] };
    };
    const path = ingress.spec.rules[0]?.http.paths[0];
    if (path) path.backend.service.name = 'web';
    find(objects, 'ConfigMap', 'seer-config').metadata.namespace = 'default';
    expect(
      checkReferences(objects)
        .map((f) => f.rule)
        .sort(),
    ).toEqual(['namespace', 'references']);
  });
});
