import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/** The k8s workspace folder and the repository root, wherever the process was started. */
export const K8S_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = path.resolve(K8S_DIR, '..');

export const OVERLAYS = ['minikube', 'dev', 'prod', 'gke'] as const;
export type Overlay = (typeof OVERLAYS)[number];

export type Metadata = {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};

/** A rendered Kubernetes object: only the fields every object has are typed. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  [field: string]: unknown;
};

export function objectId(object: K8sObject): string {
  const ns = object.metadata.namespace ? `${object.metadata.namespace}/` : '';
  return `${object.kind}/${ns}${object.metadata.name}`;
}

function isK8sObject(value: unknown): value is K8sObject {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  const metadata = candidate.metadata as Record<string, unknown> | undefined;
  return (
    typeof candidate.apiVersion === 'string' &&
    typeof candidate.kind === 'string' &&
    typeof metadata?.name === 'string'
  );
}

/** Parses a multi-document YAML stream; a document that is not an object with a name is an error. */
export function parseManifests(text: string): K8sObject[] {
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`invalid YAML: ${doc.errors[0]?.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isK8sObject(value)) {
      throw new Error(`not a Kubernetes object: ${JSON.stringify(value).slice(0, 120)}`);
    }
    objects.push(value);
  }
  return objects;
}

/**
 * The kustomize that renders our overlays: kubectl's built-in one (kubectl >= 1.27 embeds
 * kustomize v5), or a standalone `kustomize` when kubectl is absent.
 */
export function kustomizeCommand(): [string, string[]] {
  const onPath = (name: string): boolean =>
    (process.env.PATH ?? '')
      .split(path.delimiter)
      .some((dir) => dir !== '' && existsSync(path.join(dir, name)));
  if (process.env.KUSTOMIZE) return [process.env.KUSTOMIZE, ['build']];
  if (onPath('kubectl')) return ['kubectl', ['kustomize']];
  if (onPath('kustomize')) return ['kustomize', ['build']];
  throw new Error(
    'neither kubectl nor kustomize is on PATH; install kubectl (apt: kubectl or kubernetes-client)',
  );
}

export function renderKustomization(dir: string): K8sObject[] {
  const [command, args] = kustomizeCommand();
  const text = execFileSync(command, [...args, dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseManifests(text);
}

export function overlayDir(overlay: Overlay): string {
  return path.join(K8S_DIR, 'overlays', overlay);
}

export function renderOverlay(overlay: Overlay): K8sObject[] {
  return renderKustomization(overlayDir(overlay));
}
