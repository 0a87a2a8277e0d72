import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

/**
 * The Terraform parsed by HashiCorp's own HCL parser (compiled to WebAssembly in
 * @cdktf/hcl2json), so "it parses" means what it means to terraform. Formatting is checked by
 * `terraform fmt -check` where terraform is installed (k8s/Makefile).
 */
export type TerraformModule = {
  files: string[];
  variables: Record<string, { description?: string; type?: string; default?: unknown }>;
  outputs: Record<string, { description?: string; value?: unknown }>;
  resources: Record<string, Record<string, unknown>>;
};

type Parsed = {
  variable?: Record<string, { description?: string; type?: string; default?: unknown }[]>;
  output?: Record<string, { description?: string; value?: unknown }[]>;
  resource?: Record<string, Record<string, unknown[]>>;
};

export async function parseTerraformFile(file: string, text: string): Promise<Parsed> {
  return (await parse(file, text)) as Parsed;
}

export async function parseTerraformDir(dir: string): Promise<TerraformModule> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort();
  const module: TerraformModule = { files, variables: {}, outputs: {}, resources: {} };
  for (const file of files) {
    const parsed = await parseTerraformFile(file, readFileSync(path.join(dir, file), 'utf8'));
    for (const [name, [block]] of Object.entries(parsed.variable ?? {}))
      module.variables[name] = block ?? {};
    for (const [name, [block]] of Object.entries(parsed.output ?? {}))
      module.outputs[name] = block ?? {};
    for (const [type, byName] of Object.entries(parsed.resource ?? {})) {
      module.resources[type] = { ...module.resources[type], ...byName };
    }
  }
  return module;
}
