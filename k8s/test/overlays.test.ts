import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OVERLAYS, REPO_DIR } from '../src/manifests.js';
import type { K8sObject } from '../src/manifests.js';
import { EXTERNAL_SECRETS } from '../src/policy.js';
import { find, podSpec, rendered } from './helpers.js';

const of = (overlay: string): K8sObject[] => rendered(overlay);
const kafkaConfig = (overlay: string): Record<string, string> =>
  find(of(overlay), 'ConfigMap', 'kafka-config').data as Record<string, string>;
const replicas = (object: K8sObject): unknown => (object.spec as { replicas?: number }).replicas;

describe('what each overlay deploys', () => {
  it.each(['dev', 'prod', 'gke'])(
    'when %s renders, then Kafka is 3 KRaft brokers with RF 3 and min ISR 2',
    (overlay) => {
      const kafka = find(of(overlay), 'StatefulSet', 'kafka');
      expect(replicas(kafka)).toBe(3);
      const config = kafkaConfig(overlay);
      expect(config.KAFKA_CONTROLLER_QUORUM_VOTERS?.split(',')).toHaveLength(3);
      expect(config.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe('3');
      expect(config.KAFKA_MIN_INSYNC_REPLICAS).toBe('2');
      expect(config.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe('false');
      const affinity = (
        kafka.spec as {
          template: {
            spec: {
              affinity: {
                podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: unknown[] };
              };
            };
          };
        }
      ).template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
      expect(affinity).toHaveLength(1);
    },
  );

  it('when minikube renders, then one broker with RF 1 and the original NodePorts', () => {
    expect(replicas(find(of('minikube'), 'StatefulSet', 'kafka'))).toBe(1);
    expect(kafkaConfig('minikube').KAFKA_CONTROLLER_QUORUM_VOTERS).toBe(
      '0@kafka-0.kafka-headless:9093',
    );
    expect(kafkaConfig('minikube').KAFKA_MIN_INSYNC_REPLICAS).toBe('1');
    const nodePorts = Object.fromEntries(
      of('minikube')
        .filter((o) => o.kind === 'Service' && (o.spec as { type?: string }).type === 'NodePort')
        .map((o) => [
          o.metadata.labels?.['app.kubernetes.io/name'],
          (o.spec as { ports: { nodePort: number }[] }).ports[0]?.nodePort,
        ]),
    );
    expect(nodePorts).toEqual({
      portal: 30080,
      producer: 30000,
      consumer: 30072,
      seer: 30030,
      'kafka-ui': 30060,
    });
  });

  it('when the Kafka image is chosen, then it is the version the streamer runs locally', () => {
    const pom = readFileSync(path.join(REPO_DIR, 'streamer', 'pom.xml'), 'utf8');
    const version = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(pom)?.[1];
    for (const overlay of OVERLAYS) {
      expect(podSpec(find(of(overlay), 'StatefulSet', 'kafka')).containers[0]?.image).toBe(
        `apache/kafka:${version}`,
      );
    }
    expect(readFileSync(path.join(REPO_DIR, 'compose.yaml'), 'utf8')).toContain(
      `image: apache/kafka:${version}`,
    );
  });

  it('when gke renders, then volumes use premium-rwo and the certificate covers every Ingress host', () => {
    const objects = of('gke');
    for (const set of objects.filter((o) => o.kind === 'StatefulSet')) {
      const templates = (
        set.spec as { volumeClaimTemplates: { spec: { storageClassName?: string } }[] }
      ).volumeClaimTemplates;
      expect(templates.map((t) => t.spec.storageClassName)).toEqual(['premium-rwo']);
    }
    const ingress = find(objects, 'Ingress', 'kafkloud');
    expect(ingress.metadata.annotations).toEqual({
      'kubernetes.io/ingress.class': 'gce',
      'kubernetes.io/ingress.global-static-ip-name': 'kafkloud-ip',
      'networking.gke.io/managed-certificates': 'kafkloud',
    });
    const hosts = (ingress.spec as { rules: { host: string }[] }).rules.map((r) => r.host);
    const domains = (find(objects, 'ManagedCertificate', 'kafkloud').spec as { domains: string[] })
      .domains;
    expect(domains).toEqual(hosts);
    for (const name of ['portal', 'producer', 'consumer', 'seer']) {
      expect(
        find(objects, 'ServiceAccount', name).metadata.annotations?.[
          'iam.gke.io/gcp-service-account'
        ],
      ).toMatch(new RegExp(`^kafkloud-${name}@`));
    }
  });

  it('when prod or gke renders, then every Secret they need is one docs/deploy.md tells the operator to create', () => {
    const guide = readFileSync(path.join(REPO_DIR, 'docs', 'deploy.md'), 'utf8');
    for (const secret of EXTERNAL_SECRETS)
      expect(guide).toContain(`kubectl -n kafkloud create secret generic ${secret}`);
  });

  it('when any overlay renders, then the autoscaled consumer and seer never outnumber the events partitions', () => {
    for (const overlay of OVERLAYS) {
      for (const name of ['consumer', 'seer']) {
        const hpa = find(of(overlay), 'HorizontalPodAutoscaler', name).spec as {
          maxReplicas: number;
        };
        expect(hpa.maxReplicas).toBeLessThanOrEqual(3);
      }
    }
  });

  it('when the portal runs in a pod, then it binds all interfaces despite the pod HOSTNAME', () => {
    for (const overlay of OVERLAYS) {
      expect(
        (find(of(overlay), 'ConfigMap', 'portal-config').data as Record<string, string>).HOSTNAME,
      ).toBe('0.0.0.0');
    }
  });
});

describe('graceful shutdown', () => {
  it.each(OVERLAYS)(
    'when a %s pod is terminated, then preStop and the drain deadline fit in the grace period',
    (overlay) => {
      for (const name of ['producer', 'consumer', 'seer', 'portal']) {
        const deployment = find(rendered(overlay), 'Deployment', name);
        const pod = (
          deployment.spec as { template: { spec: { terminationGracePeriodSeconds: number } } }
        ).template.spec;
        const container = podSpec(deployment).containers[0] as {
          lifecycle: { preStop: { exec: { command: string[] } } };
        };
        const preStopSeconds = Number(container.lifecycle.preStop.exec.command.at(-1));
        const config = find(rendered(overlay), 'ConfigMap', `${name}-config`).data as Record<
          string,
          string
        >;
        const deadlineSeconds = Number(config.SHUTDOWN_DEADLINE_MS) / 1000;
        // 2 s: the services' own drain delay in production mode before they stop accepting.
        expect(preStopSeconds + 2 + deadlineSeconds).toBeLessThan(
          pod.terminationGracePeriodSeconds,
        );
      }
    },
  );
});
