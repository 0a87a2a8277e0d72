import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodTemplateSpec } from 'kubernetes-models/v1/PodTemplateSpec';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { objectId } from './manifests.js';
import type { K8sObject, Overlay } from './manifests.js';
import type { Finding } from './schema.js';

/** The namespace everything of kafkloud lives in. */
export const NAMESPACE = 'kafkloud';

/** Images built from this repository; they carry our own probes and a read-only root. */
export const OWN_IMAGE = /(^|\/)kafkloud\/(portal|producer|consumer|seer|streamer)[:@]/;

/** Secrets an operator creates in prod and gke (docs/deploy.md); never rendered there. */
export const EXTERNAL_SECRETS = ['kafkloud-api', 'kafkloud-postgres'] as const;

const LONG_RUNNING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'PriorityClass',
]);

export type Workload = { object: K8sObject; template: IPodTemplateSpec };

export function workloads(objects: readonly K8sObject[]): Workload[] {
  const found: Workload[] = [];
  for (const object of objects) {
    const spec = object.spec as Record<string, unknown> | undefined;
    if (!spec) continue;
    if (LONG_RUNNING.has(object.kind) || object.kind === 'Job') {
      found.push({ object, template: spec.template as IPodTemplateSpec });
    } else if (object.kind === 'CronJob') {
      const jobTemplate = spec.jobTemplate as { spec: { template: IPodTemplateSpec } };
      found.push({ object, template: jobTemplate.spec.template });
    }
  }
  return found;
}

function isOwnImage(image: string): boolean {
  return OWN_IMAGE.test(image);
}

function finding(object: K8sObject, rule: string, message: string): Finding {
  return { object: objectId(object), rule, message };
}

/**
 * Containers: requests and limits for cpu and memory; runAsNonRoot, no privilege escalation and
 * no capabilities (the restricted Pod Security Standard the namespace enforces); liveness and
 * readiness probes on long-running workloads (Jobs run to completion and init containers may not
 * have probes); our own services probe /healthz and /readyz and run on a read-only root.
 */
export function checkContainers(objects: readonly K8sObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const { object, template } of workloads(objects)) {
    const pod = template.spec;
    if (!pod) {
      findings.push(finding(object, 'pod', 'has no pod spec'));
      continue;
    }
    const podNonRoot = pod.securityContext?.runAsNonRoot === true;
    const containers: [IContainer, boolean][] = [
      ...pod.containers.map((c): [IContainer, boolean] => [c, false]),
      ...(pod.initContainers ?? []).map((c): [IContainer, boolean] => [c, true]),
    ];
    if (pod.securityContext?.seccompProfile?.type !== 'RuntimeDefault') {
      findings.push(finding(object, 'security', 'pod seccompProfile is not RuntimeDefault'));
    }
    for (const [container, isInit] of containers) {
      const where = `container ${container.name}`;
      const resources = container.resources;
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory']) {
          if (resources?.[kind]?.[resource] === undefined) {
            findings.push(finding(object, 'resources', `${where} has no ${kind}.${resource}`));
          }
        }
      }
      const security = container.securityContext;
      if (!(security?.runAsNonRoot ?? podNonRoot)) {
        findings.push(finding(object, 'security', `${where} may run as root (runAsNonRoot)`));
      }
      if (security?.allowPrivilegeEscalation !== false) {
        findings.push(finding(object, 'security', `${where} allows privilege escalation`));
      }
      if (!security?.capabilities?.drop?.includes('ALL')) {
        findings.push(finding(object, 'security', `${where} does not drop ALL capabilities`));
      }
      const isService = LONG_RUNNING.has(object.kind) && !isInit;
      if (isService && (!container.livenessProbe || !container.readinessProbe)) {
        findings.push(finding(object, 'probes', `${where} lacks a liveness or readiness probe`));
      }
      if (isService && isOwnImage(container.image ?? '')) {
        if (container.livenessProbe?.httpGet?.path !== '/healthz') {
          findings.push(finding(object, 'probes', `${where} liveness is not GET /healthz`));
        }
        if (container.readinessProbe?.httpGet?.path !== '/readyz') {
          findings.push(finding(object, 'probes', `${where} readiness is not GET /readyz`));
        }
      }
      if (isOwnImage(container.image ?? '') && security?.readOnlyRootFilesystem !== true) {
        findings.push(finding(object, 'security', `${where} root filesystem is writable`));
      }
    }
  }
  return findings;
}

/** A pinned image names a version (a tag with a digit, not latest) or a digest. */
export function isPinnedImage(image: string): boolean {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return true;
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return false;
  const tag = lastSegment.slice(colon + 1);
  return tag !== 'latest' && /\d/.test(tag) && /^[\w][\w.-]{0,127}$/.test(tag);
}

export function checkImages(objects: readonly K8sObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const { object, template } of workloads(objects)) {
    for (const container of [
      ...(template.spec?.containers ?? []),
      ...(template.spec?.initContainers ?? []),
    ]) {
      const image = container.image ?? '';
      if (!isPinnedImage(image)) {
        findings.push(
          finding(object, 'images', `container ${container.name} image "${image}" is not pinned`),
        );
      }
    }
  }
  return findings;
}

function secretReferences(objects: readonly K8sObject[]): Map<string, string[]> {
  const references = new Map<string, string[]>();
  const add = (name: string | undefined, from: string): void => {
    if (!name) return;
    references.set(name, [...(references.get(name) ?? []), from]);
  };
  for (const { object, template } of workloads(objects)) {
    const pod = template.spec;
    for (const container of [...(pod?.containers ?? []), ...(pod?.initContainers ?? [])]) {
      for (const env of container.env ?? [])
        add(env.valueFrom?.secretKeyRef?.name, objectId(object));
      for (const source of container.envFrom ?? []) add(source.secretRef?.name, objectId(object));
    }
    for (const volume of pod?.volumes ?? []) add(volume.secret?.secretName, objectId(object));
  }
  for (const object of objects) {
    if (object.kind !== 'Ingress') continue;
    for (const tls of (object as unknown as IIngress).spec?.tls ?? [])
      add(tls.secretName, objectId(object));
  }
  return references;
}

/**
 * prod and gke render no Secret with a value: credentials are created out of band, and every
 * Secret those overlays reference is one the deploy guide tells the operator to create. In
 * minikube and dev every referenced Secret is rendered (from throw-away literals).
 */
export function checkSecrets(objects: readonly K8sObject[], overlay: Overlay): Finding[] {
  const findings: Finding[] = [];
  const isProduction = overlay === 'prod' || overlay === 'gke';
  const rendered = new Set(objects.filter((o) => o.kind === 'Secret').map((o) => o.metadata.name));
  for (const object of objects) {
    if (object.kind !== 'Secret' || !isProduction) continue;
    const values = {
      ...(object.data as object | undefined),
      ...(object.stringData as object | undefined),
    };
    if (Object.keys(values).length > 0) {
      findings.push(
        finding(object, 'secrets', `holds literal values (${Object.keys(values).join(', ')})`),
      );
    }
  }
  for (const [name, users] of secretReferences(objects)) {
    const isExternal =
      (EXTERNAL_SECRETS as readonly string[]).includes(name) || name.endsWith('-tls');
    if (isProduction && !isExternal) {
      findings.push({
        object: users[0] ?? name,
        rule: 'secrets',
        message: `references Secret ${name}, which no one creates`,
      });
    }
    if (!isProduction && !rendered.has(name)) {
      findings.push({
        object: users[0] ?? name,
        rule: 'secrets',
        message: `references Secret ${name}, which is not rendered`,
      });
    }
  }
  return findings;
}

function matches(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([key, value]) => labels?.[key] === value);
}

/**
 * References resolve: every Service selects pods of some workload, every Ingress backend names a
 * Service and one of its ports, HPAs scale workloads that exist, PDBs and NetworkPolicies select
 * pods that exist, envFrom ConfigMaps exist, and every namespaced object is in our namespace.
 */
export function checkReferences(objects: readonly K8sObject[]): Finding[] {
  const findings: Finding[] = [];
  const podLabels = workloads(objects).map((w) => w.template.metadata?.labels ?? {});
  const selectsPods = (selector: Record<string, string>): boolean =>
    podLabels.some((labels) => matches(selector, labels));
  const byKind = (kind: string): K8sObject[] => objects.filter((o) => o.kind === kind);
  const names = (kind: string): Set<string> => new Set(byKind(kind).map((o) => o.metadata.name));

  for (const object of objects) {
    if (!CLUSTER_SCOPED.has(object.kind) && object.metadata.namespace !== NAMESPACE) {
      findings.push(finding(object, 'namespace', `is not in namespace ${NAMESPACE}`));
    }
  }
  const services = new Map(
    byKind('Service').map((o) => [o.metadata.name, o as unknown as IService]),
  );
  for (const [name, service] of services) {
    const selector = service.spec?.selector ?? {};
    if (!selectsPods(selector)) {
      findings.push({
        object: `Service/${NAMESPACE}/${name}`,
        rule: 'references',
        message: `selector ${JSON.stringify(selector)} matches no pods`,
      });
    }
  }
  for (const object of byKind('Ingress')) {
    for (const rule of (object as unknown as IIngress).spec?.rules ?? []) {
      for (const route of rule.http?.paths ?? []) {
        const backend = route.backend.service;
        const service = backend ? services.get(backend.name) : undefined;
        const hasPort = service?.spec?.ports?.some(
          (port) => port.name === backend?.port?.name || port.port === backend?.port?.number,
        );
        if (!service || !hasPort) {
          findings.push(
            finding(object, 'references', `backend ${JSON.stringify(backend)} does not resolve`),
          );
        }
      }
    }
  }
  for (const object of byKind('HorizontalPodAutoscaler')) {
    const target = (object.spec as { scaleTargetRef: { kind: string; name: string } })
      .scaleTargetRef;
    if (!names(target.kind).has(target.name)) {
      findings.push(finding(object, 'references', `scales missing ${target.kind}/${target.name}`));
    }
  }
  for (const object of [...byKind('PodDisruptionBudget'), ...byKind('NetworkPolicy')]) {
    const spec = object.spec as {
      selector?: { matchLabels?: Record<string, string> };
      podSelector?: { matchLabels?: Record<string, string> };
    };
    const selector = (object.kind === 'NetworkPolicy' ? spec.podSelector : spec.selector)
      ?.matchLabels;
    if (selector && Object.keys(selector).length > 0 && !selectsPods(selector)) {
      findings.push(
        finding(object, 'references', `selector ${JSON.stringify(selector)} matches no pods`),
      );
    }
  }
  const configMaps = names('ConfigMap');
  for (const { object, template } of workloads(objects)) {
    for (const container of template.spec?.containers ?? []) {
      for (const source of container.envFrom ?? []) {
        const name = source.configMapRef?.name;
        if (name && !configMaps.has(name)) {
          findings.push(finding(object, 'references', `envFrom ConfigMap ${name} does not exist`));
        }
      }
    }
  }
  return findings;
}
