import path from 'node:path';
import ts from 'typescript';
import { K8S_DIR, objectId } from './manifests.js';
import type { K8sObject } from './manifests.js';

/**
 * Offline, kubeconform-like validation of rendered objects in two passes:
 *  1. the JSON schemas that kubernetes-models generates from the Kubernetes OpenAPI document
 *     (types, required fields, enums, formats, patterns), compiled with ajv;
 *  2. a strict pass for unknown fields (kubeconform -strict), which those schemas cannot do because
 *     the OpenAPI document leaves objects open: every object becomes a TypeScript object literal
 *     typed by the same package's interface, and the compiler's excess-property check names any
 *     field Kubernetes does not define.
 * Custom resources come from @kubernetes-models/gke for the GKE groups we use.
 */
export type Finding = { object: string; rule: string; message: string };

const GKE_GROUPS = new Set(['networking.gke.io', 'cloud.google.com']);

function modelModule(apiVersion: string): string {
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '';
  return GKE_GROUPS.has(group)
    ? `@kubernetes-models/gke/${apiVersion}`
    : `kubernetes-models/${apiVersion}`;
}

type ModelClass = new (data: unknown) => { validate(): void };
type ValidationIssue = { instancePath?: string; message?: string };

async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(modelModule(apiVersion))) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const model = mod[kind];
  return typeof model === 'function' ? (model as ModelClass) : undefined;
}

/**
 * kustomize wraps long base64 Secret values over several lines; the API server's decoder skips
 * line breaks, while the schema's "byte" format does not, so compare them unwrapped.
 */
function forSchema(object: K8sObject): K8sObject {
  if (object.kind !== 'Secret' || typeof object.data !== 'object' || object.data === null) {
    return object;
  }
  const data = Object.fromEntries(
    Object.entries(object.data as Record<string, string>).map(([key, value]) => [
      key,
      value.replace(/[\r\n]/g, ''),
    ]),
  );
  return { ...object, data };
}

/** Pass 1: every object against its schema; an unknown apiVersion/kind is itself a finding. */
export async function validateSchemas(objects: readonly K8sObject[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const object of objects) {
    const Model = await loadModel(object.apiVersion, object.kind);
    const id = objectId(object);
    if (!Model) {
      findings.push({
        object: id,
        rule: 'schema',
        message: `no schema for ${object.apiVersion} ${object.kind}`,
      });
      continue;
    }
    try {
      new Model(forSchema(object)).validate();
    } catch (error) {
      const issues = (error as { errors?: ValidationIssue[] }).errors ?? [];
      if (issues.length === 0) issues.push({ message: (error as Error).message });
      for (const issue of issues) {
        findings.push({
          object: id,
          rule: 'schema',
          message: `${issue.instancePath || '/'} ${issue.message ?? 'is invalid'}`,
        });
      }
    }
  }
  return findings;
}

/** Pass 2: unknown fields and type mismatches, by the TypeScript compiler over the model types. */
export function checkUnknownFields(objects: readonly K8sObject[]): Finding[] {
  const virtualFile = path.join(K8S_DIR, '__rendered_manifests__.ts');
  const imports: string[] = [];
  const declarations: string[] = [];
  const starts: { offset: number; id: string }[] = [];
  let offset = 0;
  const header = (): number => imports.join('\n').length + 1;
  const typeNames = new Map<string, string>();
  objects.forEach((object) => {
    const key = `${object.apiVersion}|${object.kind}`;
    if (!typeNames.has(key)) {
      const alias = `T${typeNames.size}`;
      typeNames.set(key, alias);
      imports.push(
        `import type { I${object.kind} as ${alias} } from '${modelModule(object.apiVersion)}/${object.kind}';`,
      );
    }
  });
  objects.forEach((object, index) => {
    const declaration = `export const o${index}: ${typeNames.get(`${object.apiVersion}|${object.kind}`)} = ${JSON.stringify(object)};`;
    starts.push({ offset, id: objectId(object) });
    declarations.push(declaration);
    offset += declaration.length + 1;
  });
  const source = `${imports.join('\n')}\n${declarations.join('\n')}\n`;
  const bodyStart = header();

  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === virtualFile ? source : readFile(name));
  host.fileExists = (name) => name === virtualFile || fileExists(name);
  host.getSourceFile = (name, languageVersion, onError, shouldCreate) =>
    name === virtualFile
      ? ts.createSourceFile(name, source, languageVersion, true)
      : getSourceFile(name, languageVersion, onError, shouldCreate);
  // The virtual file is an ES module, as the k8s workspace's package.json says.
  const program = ts.createProgram([virtualFile], options, host);
  const diagnostics = ts.getPreEmitDiagnostics(program);

  const findings: Finding[] = [];
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file?.fileName !== virtualFile || diagnostic.start === undefined) {
      findings.push({ object: '(model types)', rule: 'strict', message });
      continue;
    }
    const at = diagnostic.start - bodyStart;
    const owner = [...starts].reverse().find((start) => start.offset <= at);
    const context = source.slice(Math.max(diagnostic.start - 60, bodyStart), diagnostic.start + 40);
    findings.push({
      object: owner?.id ?? '(imports)',
      rule: 'strict',
      message: `${message.split('\n')[0]} near …${context}…`,
    });
  }
  return findings;
}

/** Both passes; an empty list means every object is valid Kubernetes. */
export async function validateObjects(objects: readonly K8sObject[]): Promise<Finding[]> {
  return [...(await validateSchemas(objects)), ...checkUnknownFields(objects)];
}
