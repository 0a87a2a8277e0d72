/**
 * Builds a component's image without Docker, to check a Dockerfile where no engine runs: each
 * stage is a directory, the build context is filtered by <Dockerfile>.dockerignore, and WORKDIR,
 * ENV, COPY (also --from a stage), RUN and USER are carried out on this machine (RUN with the
 * local node and npm, as root's user; the base image is not fetched). Then the runtime stage's CMD
 * is started and the Dockerfile's own HEALTHCHECK is run against it.
 *
 *   npx tsx k8s/src/cli/dry-build.ts producer [--keep]
 *
 * It downloads packages with npm ci like the real build, so it takes minutes; it is a tool, not
 * part of the test suite.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import type { Instruction, ModifiableInstruction } from 'dockerfile-ast';
import { ignoreMatcher } from '../dockerignore.js';
import { REPO_DIR } from '../manifests.js';

const component = process.argv[2];
if (!component) {
  console.error('usage: dry-build.ts <component> [--keep]');
  process.exit(2);
}
const dockerfile = path.join(REPO_DIR, component, 'Dockerfile');
const work = mkdtempSync(path.join(tmpdir(), `dry-build-${component}-`));

function buildContext(): string {
  const ignoreFile = existsSync(`${dockerfile}.dockerignore`)
    ? `${dockerfile}.dockerignore`
    : path.join(REPO_DIR, '.dockerignore');
  const isIgnored = ignoreMatcher(ignoreFile);
  const context = path.join(work, 'context');
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(REPO_DIR, relative), { withFileTypes: true })) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name === 'node_modules' || entry.name === '.git') continue;
      if (entry.isDirectory()) walk(child);
      else if (!isIgnored(child)) cpSync(path.join(REPO_DIR, child), path.join(context, child));
    }
  };
  walk('');
  return context;
}

type Stage = {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
};
const flagsOf = (instruction: Instruction): Record<string, string> =>
  Object.fromEntries(
    ((instruction as Partial<ModifiableInstruction>).getFlags?.() ?? []).map((flag) => [
      flag.getName(),
      flag.getValue() ?? '',
    ]),
  );
const inRoot = (stage: Stage, target: string): string =>
  path.join(stage.root, path.isAbsolute(target) ? target : path.join(stage.workdir, target));

const context = buildContext();
const stages: Stage[] = [];
let current: Stage | undefined;
const parsed = DockerfileParser.parse(readFileSync(dockerfile, 'utf8'));
let healthcheck: string[] | undefined;
let cmd: string[] = [];
let entrypoint: string[] = [];
const started = Date.now();

for (const instruction of parsed.getInstructions()) {
  const keyword = instruction.getKeyword();
  const args = instruction.getArguments().map((a) => a.getValue());
  if (keyword === 'FROM') {
    const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
    const name = asIndex >= 0 ? (args[asIndex + 1] ?? '') : `stage${stages.length}`;
    const base = stages.find((s) => s.name === args[0]);
    current = {
      name,
      root: path.join(work, 'stages', name),
      workdir: '/',
      env: { ...(base?.env ?? {}) },
    };
    if (base) cpSync(base.root, current.root, { recursive: true });
    mkdirSync(current.root, { recursive: true });
    stages.push(current);
    console.log(`== stage ${name} (from ${args[0]})`);
    continue;
  }
  if (!current) throw new Error(`${keyword} before FROM`);
  const stage = current;
  switch (keyword) {
    case 'WORKDIR':
      stage.workdir = path.posix.resolve(stage.workdir, args[0] ?? '/');
      mkdirSync(inRoot(stage, '.'), { recursive: true });
      break;
    case 'ENV': {
      const text = (instruction.getArgumentsContent() ?? '').replace(/\\\n/g, ' ');
      for (const match of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) {
        stage.env[match[1] ?? ''] = (match[2] ?? '').replace(/^"|"$/g, '');
      }
      break;
    }
    case 'COPY': {
      const from = flagsOf(instruction).from;
      const source = from ? stages.find((s) => s.name === from) : undefined;
      if (from && !source) throw new Error(`COPY --from=${from}: no such stage`);
      const sources = args.slice(0, -1);
      const destination = args.at(-1) ?? '.';
      for (const item of sources) {
        const origin = source ? path.join(source.root, item) : path.join(context, item);
        if (!existsSync(origin))
          throw new Error(`COPY ${item}: not in the ${source ? `stage ${from}` : 'build context'}`);
        const isDirDestination =
          destination.endsWith('/') || sources.length > 1 || statSync(origin).isDirectory();
        const target = inRoot(stage, destination);
        const finalTarget =
          isDirDestination && !statSync(origin).isDirectory()
            ? path.join(target, path.basename(item))
            : target;
        mkdirSync(path.dirname(finalTarget), { recursive: true });
        cpSync(origin, finalTarget, { recursive: true, verbatimSymlinks: true });
      }
      console.log(`COPY ${from ? `--from=${from} ` : ''}${args.join(' ')}`);
      break;
    }
    case 'RUN': {
      const script = (instruction.getArgumentsContent() ?? '').replace(/\\\n/g, ' ');
      console.log(`RUN ${script.slice(0, 140)}`);
      execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
        cwd: inRoot(stage, '.'),
        env: { ...process.env, ...stage.env, npm_config_update_notifier: 'false' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      break;
    }
    case 'USER':
      stage.user = args[0];
      break;
    case 'HEALTHCHECK': {
      const json = (instruction.getArgumentsContent() ?? '')
        .replace(/\\\n/g, ' ')
        .match(/CMD\s+(\[.*\])\s*$/);
      healthcheck = json?.[1] ? (JSON.parse(json[1]) as string[]) : undefined;
      break;
    }
    case 'CMD':
      cmd = JSON.parse(instruction.getArgumentsContent() ?? '[]') as string[];
      break;
    case 'ENTRYPOINT':
      entrypoint = JSON.parse(instruction.getArgumentsContent() ?? '[]') as string[];
      break;
    default:
      break;
  }
}

const runtime = stages.at(-1);
if (!runtime) throw new Error('no stage');
const size = execFileSync('du', ['-sh', runtime.root], { encoding: 'utf8' }).split('\t')[0];
console.log(
  `== built ${component} in ${Math.round((Date.now() - started) / 1000)} s; runtime files ${size}, USER ${runtime.user ?? '(none)'}`,
);

async function smoke(runtime: Stage): Promise<number> {
  const command = [...entrypoint, ...cmd];
  const port = String(20_000 + Math.floor(Math.random() * 20_000));
  const env = {
    PATH: process.env.PATH ?? '',
    ...runtime.env,
    HOST: '127.0.0.1',
    HOSTNAME: '127.0.0.1',
    PORT: port,
    // Dependencies that are not there: the process must still be alive (/healthz) while not ready.
    KAFKA_BROKERS: '127.0.0.1:1',
    KAFKLOUD_API_TOKENS: 'dry-build-token-0123456789',
    KAFKLOUD_API_TOKEN: 'dry-build-token-0123456789',
    DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
    CHROMA_URL: 'http://127.0.0.1:1',
    PRODUCER_URL: 'http://127.0.0.1:1',
    CONSUMER_URL: 'http://127.0.0.1:1',
    SEER_URL: 'http://127.0.0.1:1',
    KAFKLOUD_TOPIC_PREFIX: `dry-build-${Date.now()}.`,
    KAFKLOUD_DATA_DIR: path.join(work, 'data'),
  };
  const [program, ...rest] = command;
  if (!program) return 1;
  const cwd = inRoot(runtime, '.');
  if (!healthcheck) {
    // A job image: its ENTRYPOINT against the unreachable broker must load, try, and fail cleanly.
    const [jobProgram, ...jobArgs] = entrypoint.length > 0 ? entrypoint : command;
    const args = [...jobArgs, '--brokers', env.KAFKA_BROKERS, '--wait', '0'];
    let output = '';
    const code = await new Promise<number>((resolve) => {
      const child = spawn(jobProgram ?? 'node', args, {
        cwd,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (c) => resolve(c ?? 1));
    });
    console.log(output.trim());
    const isExpected = code === 1 && output.includes(`failed against ${env.KAFKA_BROKERS}`);
    console.log(
      `== ${[jobProgram, ...args].join(' ')} exited ${code} against an unreachable broker${isExpected ? ', as it should' : ''}`,
    );
    return isExpected ? 0 : 1;
  }
  // The consumer refuses to start on a database without its schema: give it a scratch database
  // on the local Postgres and run the image's migration command first, as the Job does.
  const database = component === 'consumer' ? `dry_build_${Date.now()}` : undefined;
  const admin = ['-h', '127.0.0.1', '-U', 'postgres', '-qc'];
  if (database) {
    execFileSync('psql', [...admin, `CREATE DATABASE ${database}`], { stdio: 'inherit' });
    env.DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${database}`;
    execFileSync('node', ['dist/cli/migrate.js'], { cwd, env, stdio: 'inherit' });
  }
  const child = spawn(program, rest, { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  try {
    const [hcProgram, ...hcArgs] = healthcheck;
    for (let attempt = 0; attempt < 60; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      try {
        execFileSync(hcProgram ?? 'node', hcArgs, { cwd, env, stdio: 'ignore' });
        console.log(
          `== ${command.join(' ')} is up; the Dockerfile HEALTHCHECK passed after ${attempt + 1} s`,
        );
        return 0;
      } catch {
        if (child.exitCode !== null) break;
      }
    }
    console.error(
      `== HEALTHCHECK never passed (process ${child.exitCode === null ? 'running' : `exited ${child.exitCode}`})`,
    );
    return 1;
  } finally {
    child.kill('SIGTERM');
    await exited;
    if (database)
      execFileSync('psql', [...admin, `DROP DATABASE IF EXISTS ${database}`], { stdio: 'inherit' });
  }
}

process.exitCode = await smoke(runtime);
if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
