/** Prints an overlay as kubectl would apply it: npm run render -w @kafkloud/k8s -- gke */
import { stringify } from 'yaml';
import { OVERLAYS, renderOverlay } from '../manifests.js';
import type { Overlay } from '../manifests.js';

const overlay = (process.argv[2] ?? 'minikube') as Overlay;
if (!OVERLAYS.includes(overlay)) {
  console.error(`unknown overlay ${overlay}; one of ${OVERLAYS.join(', ')}`);
  process.exit(2);
}
console.log(
  renderOverlay(overlay)
    .map((object) => stringify(object))
    .join('---\n'),
);
