/**
 * make -C k8s validate: renders every overlay and validates each object against the Kubernetes
 * schemas (with unknown fields rejected), runs the policies, lints the Dockerfiles, validates
 * compose.yaml against the Compose specification and parses the Terraform. Exit 1 on any finding.
 */
import {
  checkCompose,
  checkDockerfiles,
  checkOverlays,
  checkTerraform,
  IMAGE_COMPONENTS,
} from '../checks.js';

let failures = 0;
const fail = (line: string): void => {
  failures += 1;
  console.error(`  ✗ ${line}`);
};

for (const report of await checkOverlays()) {
  const kinds = Object.entries(report.kinds)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${count} ${kind}`)
    .join(', ');
  console.log(
    `overlay ${report.overlay}: ${report.objects.length} objects rendered and validated (${kinds})`,
  );
  for (const f of [...report.schemaFindings, ...report.policyFindings])
    fail(`${f.object} [${f.rule}] ${f.message}`);
  console.log(`  ${report.flows.length} network flows allowed by NetworkPolicy`);
}

const dockerfiles = checkDockerfiles();
console.log(`Dockerfiles: ${IMAGE_COMPONENTS.length} linted`);
for (const f of dockerfiles) fail(`${f.file} [${f.rule}] ${f.message}`);

const compose = checkCompose();
console.log('compose.yaml: validated against the Compose specification schema');
for (const f of compose) fail(`compose.yaml ${f.path} ${f.message}`);

const terraform = await checkTerraform();
console.log(
  `terraform: ${terraform.files} files parsed, ${terraform.variables} variables, ${terraform.outputs} outputs`,
);
for (const problem of terraform.problems) fail(`terraform ${problem}`);

if (failures > 0) {
  console.error(`${failures} problem(s)`);
  process.exitCode = 1;
} else {
  console.log('all deploy artifacts valid');
}
