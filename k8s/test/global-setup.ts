import type { TestProject } from 'vitest/node';
import { OVERLAYS, renderOverlay } from '../src/manifests.js';
import type { K8sObject } from '../src/manifests.js';

/** Renders each overlay once per run (kubectl kustomize) and hands the objects to every file. */
export default function setup(project: TestProject): void {
  const rendered: Record<string, K8sObject[]> = {};
  for (const overlay of OVERLAYS) rendered[overlay] = renderOverlay(overlay);
  project.provide('rendered', rendered);
}

declare module 'vitest' {
  // Module augmentation merges declarations, which only an interface can do.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  export interface ProvidedContext {
    rendered: Record<string, K8sObject[]>;
  }
}
