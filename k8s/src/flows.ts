import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyEgressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule';
import type { INetworkPolicyIngressRule } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { K8sObject } from './manifests.js';
import { workloads } from './policy.js';

/**
 * The connections the NetworkPolicies of a rendered overlay allow, as "source -> target:port"
 * lines. Between two of our pods a connection needs both the source's egress and the target's
 * ingress; a peer outside the namespace (another namespace, an IP block, anyone) appears by name
 * and needs only our side. A pod that no policy of a direction selects is open in that direction,
 * which the default-deny policy makes impossible.
 */
type Pod = { app: string; labels: Record<string, string>; ports: number[] };
type Direction = 'Ingress' | 'Egress';

function selects(selector: ILabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((expression) => {
    const value = labels[expression.key];
    switch (expression.operator) {
      case 'In':
        return value !== undefined && (expression.values ?? []).includes(value);
      case 'NotIn':
        return value === undefined || !(expression.values ?? []).includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

function describeExternal(peer: INetworkPolicyPeer): string | undefined {
  if (peer.ipBlock) return `cidr:${peer.ipBlock.cidr}`;
  if (peer.namespaceSelector) {
    const ns = peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name'] ?? '*';
    const pods = peer.podSelector?.matchLabels;
    const suffix = pods
      ? `/${Object.entries(pods)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')}`
      : '';
    return `namespace:${ns}${suffix}`;
  }
  return undefined;
}

function portsOf(rulePorts: INetworkPolicyPort[] | undefined, candidates: number[]): number[] {
  if (!rulePorts || rulePorts.length === 0) return candidates;
  return rulePorts.map((p) => (typeof p.port === 'number' ? p.port : Number.NaN));
}

function podsOf(objects: readonly K8sObject[]): Pod[] {
  return workloads(objects).map(({ template }) => {
    const labels = template.metadata?.labels ?? {};
    const ports = (template.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).map((p) => p.containerPort),
    );
    return { app: labels['app.kubernetes.io/name'] ?? '?', labels, ports };
  });
}

export function allowedFlows(objects: readonly K8sObject[]): string[] {
  const policies = objects
    .filter((o) => o.kind === 'NetworkPolicy')
    .map((o) => o as unknown as INetworkPolicy);
  const pods = podsOf(objects);
  const policiesFor = (pod: Pod, direction: Direction): INetworkPolicy[] =>
    policies.filter(
      (p) =>
        selects(p.spec?.podSelector, pod.labels) &&
        (p.spec?.policyTypes ?? ['Ingress']).includes(direction),
    );

  type Grant = { peer: Pod | string; port: number };
  const grants = (pod: Pod, direction: Direction): Grant[] | 'open' => {
    const selecting = policiesFor(pod, direction);
    if (selecting.length === 0) return 'open';
    const result: Grant[] = [];
    for (const policy of selecting) {
      const rules = direction === 'Ingress' ? policy.spec?.ingress : policy.spec?.egress;
      for (const rule of rules ?? []) {
        const peers: INetworkPolicyPeer[] =
          (direction === 'Ingress'
            ? (rule as INetworkPolicyIngressRule).from
            : (rule as INetworkPolicyEgressRule).to) ?? [];
        if (peers.length === 0) {
          for (const port of portsOf(rule.ports, pod.ports))
            result.push({ peer: 'anywhere', port });
          continue;
        }
        for (const peer of peers) {
          const external = describeExternal(peer);
          const targets: (Pod | string)[] = external
            ? [external]
            : pods.filter((other) => selects(peer.podSelector, other.labels));
          for (const target of targets) {
            const candidatePorts = typeof target === 'string' ? [] : pod.ports;
            const ports =
              direction === 'Ingress'
                ? portsOf(rule.ports, pod.ports)
                : portsOf(rule.ports, typeof target === 'string' ? candidatePorts : target.ports);
            for (const port of ports) result.push({ peer: target, port });
          }
        }
      }
    }
    return result;
  };

  const flows = new Set<string>();
  for (const target of pods) {
    const ingress = grants(target, 'Ingress');
    if (ingress === 'open') {
      for (const port of target.ports)
        flows.add(`anywhere -> ${target.app}:${port} (no ingress policy)`);
      continue;
    }
    for (const grant of ingress) {
      if (typeof grant.peer === 'string') {
        flows.add(`${grant.peer} -> ${target.app}:${grant.port}`);
        continue;
      }
      const source = grant.peer;
      const egress = grants(source, 'Egress');
      const isAllowed =
        egress === 'open' ||
        egress.some(
          (e) => typeof e.peer !== 'string' && e.peer.app === target.app && e.port === grant.port,
        );
      if (isAllowed) flows.add(`${source.app} -> ${target.app}:${grant.port}`);
    }
  }
  for (const source of pods) {
    const egress = grants(source, 'Egress');
    if (egress === 'open') {
      flows.add(`${source.app} -> anywhere (no egress policy)`);
      continue;
    }
    for (const grant of egress) {
      if (typeof grant.peer === 'string') flows.add(`${source.app} -> ${grant.peer}:${grant.port}`);
    }
  }
  return [...flows].sort();
}
