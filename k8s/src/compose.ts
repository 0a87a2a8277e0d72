import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Ajv } from 'ajv';
import type { ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * compose.yaml against the Compose Specification's JSON schema. The schema is the one dclint (a
 * Compose linter) ships from the compose-spec project, so it is versioned with a package rather
 * than copied into this repository.
 */
const require = createRequire(import.meta.url);

export function composeSchemaPath(): string {
  return path.join(
    path.dirname(require.resolve('dclint/package.json')),
    'schemas',
    'compose.schema.json',
  );
}

export type ComposeFinding = { path: string; message: string };

// ajv-formats is CommonJS with a default export; under NodeNext it arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function validateCompose(text: string): ComposeFinding[] {
  // Compose honours YAML merge keys (<<), which YAML 1.2 leaves out unless asked.
  const document: unknown = parse(text, { merge: true });
  // The schema names draft-07 by an https URL that ajv does not know; it is plain draft-07.
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(composeSchemaPath(), 'utf8')) as {
    $schema?: string;
  };
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error: ErrorObject) => ({
    path: error.instancePath || '/',
    message: `${error.message ?? 'invalid'}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`,
  }));
}

export type ComposeService = {
  image?: string;
  build?: unknown;
  ports?: unknown[];
  environment?: Record<string, unknown>;
  depends_on?: Record<string, { condition?: string }>;
};

export function composeServices(text: string): Record<string, ComposeService> {
  const document = parse(text, { merge: true }) as { services?: Record<string, ComposeService> };
  return document.services ?? {};
}
