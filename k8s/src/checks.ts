import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateCompose } from './compose.js';
import { checkCopySources, lintDockerfile } from './dockerfile.js';
import { ignoreMatcher } from './dockerignore.js';
import { allowedFlows } from './flows.js';
import { K8S_DIR, OVERLAYS, REPO_DIR, objectId, renderOverlay } from './manifests.js';
import type { K8sObject, Overlay } from './manifests.js';
import { checkContainers, checkImages, checkReferences, checkSecrets } from './policy.js';
import { validateObjects } from './schema.js';
import type { Finding } from './schema.js';
import { parseTerraformDir } from './terraform.js';

/** Everything `make -C k8s validate` checks, as data, so the CLI and the tests share one path. */
export const IMAGE_COMPONENTS = ['portal', 'producer', 'consumer', 'seer', 'streamer'] as const;

export type OverlayReport = {
  overlay: Overlay;
  objects: K8sObject[];
  kinds: Record<string, number>;
  schemaFindings: Finding[];
  policyFindings: Finding[];
  flows: string[];
};

export function policyFindings(objects: readonly K8sObject[], overlay: Overlay): Finding[] {
  return [
    ...checkContainers(objects),
    ...checkImages(objects),
    ...checkSecrets(objects, overlay),
    ...checkReferences(objects),
  ];
}

export async function checkOverlay(overlay: Overlay): Promise<OverlayReport> {
  const objects = renderOverlay(overlay);
  const kinds: Record<string, number> = {};
  for (const object of objects) kinds[object.kind] = (kinds[object.kind] ?? 0) + 1;
  const ids = objects.map(objectId);
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  return {
    overlay,
    objects,
    kinds,
    schemaFindings: [
      ...(await validateObjects(objects)),
      ...duplicates.map((id) => ({ object: id, rule: 'unique', message: 'rendered twice' })),
    ],
    policyFindings: policyFindings(objects, overlay),
    flows: allowedFlows(objects),
  };
}

export async function checkOverlays(): Promise<OverlayReport[]> {
  const reports: OverlayReport[] = [];
  for (const overlay of OVERLAYS) reports.push(await checkOverlay(overlay));
  return reports;
}

export function workspaces(): string[] {
  const root = JSON.parse(readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  return root.workspaces;
}

export function checkDockerfiles(): { file: string; rule: string; message: string }[] {
  return IMAGE_COMPONENTS.flatMap((component) => {
    const file = path.join(REPO_DIR, component, 'Dockerfile');
    if (!existsSync(file))
      return [{ file: `${component}/Dockerfile`, rule: 'exists', message: 'missing' }];
    const text = readFileSync(file, 'utf8');
    const ignoreFile = existsSync(`${file}.dockerignore`)
      ? `${file}.dockerignore`
      : path.join(REPO_DIR, '.dockerignore');
    const isIgnored = ignoreMatcher(ignoreFile);
    const isInContext = (source: string): boolean =>
      existsSync(path.join(REPO_DIR, source)) && !isIgnored(source);
    return [
      ...lintDockerfile(`${component}/Dockerfile`, text, {
        workspaces: workspaces(),
        isJob: component === 'streamer',
      }),
      ...checkCopySources(`${component}/Dockerfile`, text, isInContext),
    ];
  });
}

export function checkCompose(): { path: string; message: string }[] {
  return validateCompose(readFileSync(path.join(REPO_DIR, 'compose.yaml'), 'utf8'));
}

export async function checkTerraform(): Promise<{
  files: number;
  variables: number;
  outputs: number;
  problems: string[];
}> {
  const module = await parseTerraformDir(path.join(K8S_DIR, 'terraform'));
  const problems: string[] = [];
  for (const [name, variable] of Object.entries(module.variables)) {
    if (!variable.description) problems.push(`variable ${name} has no description`);
    if (!variable.type) problems.push(`variable ${name} has no type`);
  }
  for (const [name, output] of Object.entries(module.outputs)) {
    if (!output.description) problems.push(`output ${name} has no description`);
  }
  for (const type of [
    'google_container_cluster',
    'google_container_node_pool',
    'google_artifact_registry_repository',
  ]) {
    if (!module.resources[type]) problems.push(`no ${type}`);
  }
  return {
    files: module.files.length,
    variables: Object.keys(module.variables).length,
    outputs: Object.keys(module.outputs).length,
    problems,
  };
}
