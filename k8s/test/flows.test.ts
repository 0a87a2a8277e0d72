import { describe, expect, it } from 'vitest';
import { allowedFlows } from '../src/flows.js';
import type { K8sObject } from '../src/manifests.js';
import { find, rendered } from './helpers.js';

const DNS = 'namespace:kube-system/k8s-app=kube-dns:53';
/** docs/architecture.md's flows, as container ports. */
const ARCHITECTURE = [
  'namespace:ingress-nginx -> portal:3000',
  'namespace:ingress-nginx -> producer:8000',
  'portal -> producer:8000',
  'portal -> consumer:8072',
  'portal -> seer:8030',
  'portal -> kafka:9092',
  'producer -> kafka:9092',
  'consumer -> kafka:9092',
  'consumer -> postgres:5432',
  'seer -> kafka:9092',
  'seer -> chroma:8000',
  'kafka-ui -> kafka:9092',
  'topics-provision -> kafka:9092',
  'consumer-migrate -> postgres:5432',
  'consumer-replay -> kafka:9092',
  'consumer-replay -> postgres:5432',
  'kafka -> kafka:9092',
  'kafka -> kafka:9093',
];
const PODS = [
  'portal',
  'producer',
  'consumer',
  'seer',
  'kafka',
  'postgres',
  'chroma',
  'kafka-ui',
  'topics-provision',
  'consumer-migrate',
  'consumer-replay',
];
const EXPECTED = [...ARCHITECTURE, ...PODS.map((pod) => `${pod} -> ${DNS}`)].sort();

describe('network flows allowed by the NetworkPolicies', () => {
  it.each(['dev', 'prod'])(
    'when %s renders, then exactly the architecture flows (and DNS) are allowed',
    (overlay) => {
      expect(allowedFlows(rendered(overlay))).toEqual(EXPECTED);
    },
  );

  it('when gke renders, then Google load balancers reach only the portal and the producer', () => {
    const extra = allowedFlows(rendered('gke')).filter((flow) => !EXPECTED.includes(flow));
    expect(extra).toEqual([
      'cidr:130.211.0.0/22 -> portal:3000',
      'cidr:130.211.0.0/22 -> producer:8000',
      'cidr:35.191.0.0/16 -> portal:3000',
      'cidr:35.191.0.0/16 -> producer:8000',
    ]);
  });

  it('when minikube renders, then only the NodePort components are open, each on its own port', () => {
    const extra = allowedFlows(rendered('minikube')).filter((flow) => !EXPECTED.includes(flow));
    expect(extra).toEqual([
      'anywhere -> consumer:8072',
      'anywhere -> kafka-ui:8060',
      'anywhere -> portal:3000',
      'anywhere -> producer:8000',
      'anywhere -> seer:8030',
    ]);
  });

  it('when the default-deny policy is removed, then the pods no other policy covers are open', () => {
    const objects = rendered('prod').filter((o) => o.metadata.name !== 'default-deny');
    const flows = allowedFlows(objects).filter((flow) => !EXPECTED.includes(flow));
    // kafka-ui's own policy restricts only its egress; allow-dns restricts everyone's egress.
    expect(flows).toEqual(['anywhere -> kafka-ui:8060 (no ingress policy)']);
  });

  it('when the consumer loses its egress to Postgres, then the flow disappears although Postgres still admits it', () => {
    const objects = rendered('prod');
    const policy = find(objects, 'NetworkPolicy', 'consumer') as K8sObject & {
      spec: { egress: unknown[] };
    };
    policy.spec.egress = policy.spec.egress.slice(0, 1);
    expect(allowedFlows(objects)).not.toContain('consumer -> postgres:5432');
    expect(allowedFlows(objects)).toContain('consumer-migrate -> postgres:5432');
  });
});
