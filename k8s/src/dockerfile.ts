import { DockerfileParser } from 'dockerfile-ast';
import type { Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { isPinnedImage } from './policy.js';

/**
 * Lint rules for our Dockerfiles, checked on the parsed instructions (dockerfile-ast, the parser
 * behind VS Code's Dockerfile support):
 *  - multi-stage, every base image pinned to a version (or digest) and on Node 24 LTS;
 *  - the final stage runs as a non-root USER, has a HEALTHCHECK (NONE only for a run-to-completion
 *    job image) and an exec-form CMD or ENTRYPOINT, so SIGTERM reaches node;
 *  - no ADD of a URL, no `npm install` (only `npm ci` against the lockfile);
 *  - the runtime gets production dependencies only: it copies from a stage that ran
 *    `npm ci --omit=dev` / `npm prune --omit=dev`, or copies a Next.js standalone tree;
 *  - every workspace manifest is copied before `npm ci`, since the lockfile names them all;
 *  - no credential baked into ENV.
 */
export type DockerfileFinding = { file: string; rule: string; message: string };
export type DockerfileExpectations = { workspaces: readonly string[]; isJob?: boolean };

type Stage = { name: string | undefined; image: string; instructions: Instruction[] };

function stagesOf(text: string): Stage[] {
  const dockerfile = DockerfileParser.parse(text);
  const stages: Stage[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const args = instruction.getArguments().map((a) => a.getValue());
      const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
      const image = args.find((a) => !a.startsWith('--')) ?? '';
      stages.push({ name: asIndex >= 0 ? args[asIndex + 1] : undefined, image, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}

const content = (instruction: Instruction): string => instruction.getArgumentsContent() ?? '';

/** COPY --from=<stage>: flags are not part of the arguments. */
function copiedFrom(instruction: Instruction): string | undefined {
  const flags = (instruction as Partial<ModifiableInstruction>).getFlags?.() ?? [];
  return flags.find((flag) => flag.getName() === 'from')?.getValue() ?? undefined;
}

export function lintDockerfile(
  file: string,
  text: string,
  expectations: DockerfileExpectations,
): DockerfileFinding[] {
  const findings: DockerfileFinding[] = [];
  const report = (rule: string, message: string): void => {
    findings.push({ file, rule, message });
  };
  const stages = stagesOf(text);
  const stageNames = new Set(stages.map((s) => s.name).filter((n): n is string => Boolean(n)));
  const runtime = stages.at(-1);
  if (stages.length < 2 || !runtime)
    report('multi-stage', 'needs a build stage and a runtime stage');

  for (const stage of stages) {
    if (stageNames.has(stage.image)) continue;
    if (!isPinnedImage(stage.image))
      report('pinned', `FROM ${stage.image} is not pinned to a version`);
    if (
      !/^(docker\.io\/(library\/)?)?node:24\.\d+\.\d+-[\w.-]*slim|^gcr\.io\/distroless\/nodejs24/.test(
        stage.image,
      )
    ) {
      report('base', `FROM ${stage.image} is not Node 24 LTS slim or distroless`);
    }
  }

  const all = stages.flatMap((s) => s.instructions);
  for (const instruction of all) {
    const keyword = instruction.getKeyword();
    if (keyword === 'ADD' && /(https?|git|ftp):\/\/|git@/.test(content(instruction))) {
      report('add-url', `ADD fetches a URL: ${content(instruction)}`);
    }
    if (keyword === 'RUN' && /\bnpm (install|i)\b/.test(content(instruction))) {
      report('npm-ci', `use npm ci, not npm install: ${content(instruction)}`);
    }
    if (keyword === 'ENV' && /(TOKEN|PASSWORD|SECRET|API_KEY)\w*[= ]/i.test(content(instruction))) {
      report('secrets', `credential in ENV: ${content(instruction)}`);
    }
  }

  // Every workspace manifest before the first `npm ci` of each stage that installs.
  for (const stage of stages) {
    const ciIndex = stage.instructions.findIndex(
      (i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(content(i)),
    );
    if (ciIndex < 0) continue;
    const copied = stage.instructions
      .slice(0, ciIndex)
      .filter((i) => i.getKeyword() === 'COPY')
      .map(content)
      .join('\n');
    for (const workspace of expectations.workspaces) {
      if (!copied.includes(`${workspace}/package.json`)) {
        report(
          'workspaces',
          `stage ${stage.name ?? '?'} runs npm ci before copying ${workspace}/package.json`,
        );
      }
    }
    if (!/\bpackage-lock\.json\b/.test(copied)) {
      report('workspaces', `stage ${stage.name ?? '?'} runs npm ci without package-lock.json`);
    }
  }

  if (!runtime) return findings;
  const productionStages = new Set(
    stages
      .filter((s) =>
        s.instructions.some(
          (i) => i.getKeyword() === 'RUN' && /\bnpm (ci|prune)\b[^&|;]*--omit=dev/.test(content(i)),
        ),
      )
      .map((s) => s.name),
  );
  const runtimeCopyInstructions = runtime.instructions.filter((i) => i.getKeyword() === 'COPY');
  const runtimeCopies = runtimeCopyInstructions.map(content);
  const hasProductionDeps =
    runtimeCopyInstructions.some((i) => productionStages.has(copiedFrom(i))) ||
    runtime.instructions.some((i) => i.getKeyword() === 'RUN' && /--omit=dev/.test(content(i))) ||
    runtimeCopies.some((c) => c.includes('.next/standalone'));
  if (!hasProductionDeps) {
    report(
      'omit-dev',
      'the runtime stage does not get its dependencies from npm ci --omit=dev (or a standalone build)',
    );
  }

  const users = runtime.instructions.filter((i) => i.getKeyword() === 'USER').map(content);
  const user = users.at(-1);
  if (!user) report('user', 'the runtime stage has no USER');
  else if (/^(root|0)(:|$)/.test(user.trim())) report('user', `the runtime stage runs as ${user}`);
  else if (!/^\d+(:\d+)?$/.test(user.trim())) {
    report('user', `USER ${user} is not numeric, so Kubernetes cannot verify runAsNonRoot`);
  }

  const healthchecks = runtime.instructions
    .filter((i) => i.getKeyword() === 'HEALTHCHECK')
    .map(content);
  const healthcheck = healthchecks.at(-1);
  if (!healthcheck) report('healthcheck', 'the runtime stage has no HEALTHCHECK');
  else if (/^NONE$/i.test(healthcheck.trim()) && !expectations.isJob) {
    report('healthcheck', 'HEALTHCHECK NONE on a service image');
  } else if (!/^NONE$/i.test(healthcheck.trim()) && !/\/healthz/.test(healthcheck)) {
    report('healthcheck', 'the HEALTHCHECK does not probe /healthz');
  }

  const start = runtime.instructions.filter((i) => ['CMD', 'ENTRYPOINT'].includes(i.getKeyword()));
  if (start.length === 0) report('cmd', 'the runtime stage has no CMD or ENTRYPOINT');
  for (const instruction of start) {
    if (!content(instruction).trim().startsWith('[')) {
      report(
        'cmd',
        `${instruction.getKeyword()} is in shell form; use exec form so node gets SIGTERM`,
      );
    }
  }
  return findings;
}

/**
 * Every COPY from the build context names something that exists and that the Dockerfile's ignore
 * file lets into the context; otherwise the real build fails at that step.
 */
export function checkCopySources(
  file: string,
  text: string,
  isInContext: (source: string) => boolean,
): DockerfileFinding[] {
  const findings: DockerfileFinding[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() !== 'COPY' || copiedFrom(instruction)) continue;
    const sources = instruction
      .getArguments()
      .map((a) => a.getValue())
      .slice(0, -1);
    for (const source of sources) {
      if (!isInContext(source.replace(/\/+$/, ''))) {
        findings.push({
          file,
          rule: 'context',
          message: `COPY ${source} is missing from the build context`,
        });
      }
    }
  }
  return findings;
}
