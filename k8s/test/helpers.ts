import { inject } from 'vitest';
import type { K8sObject } from '../src/manifests.js';

/** A deep copy to mutate in a test without touching the shared rendering. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}

export function find(objects: readonly K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
}

/** The pod spec of a rendered workload, typed loosely for mutation in tests. */
export function podSpec(object: K8sObject): {
  securityContext?: Record<string, unknown>;
  containers: Record<string, unknown>[];
} {
  return (object.spec as { template: { spec: never } }).template.spec;
}

/** The overlays as rendered once for this run by test/global-setup.ts; a fresh copy per call. */
export function rendered(overlay: string): K8sObject[] {
  const objects = inject('rendered')[overlay];
  if (!objects) throw new Error(`overlay ${overlay} was not rendered`);
  return structuredClone(objects);
}
