import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { openApiDocument } from '../src/http/openapi.js';

export const OPENAPI_FILE = fileURLToPath(
  new URL('../../docs/api/producer.openapi.json', import.meta.url),
);

/** The document as committed: formatted with the repository's prettier settings. */
export async function renderOpenApi(): Promise<string> {
  const options = (await resolveConfig(OPENAPI_FILE)) ?? {};
  return format(JSON.stringify(openApiDocument()), { ...options, parser: 'json' });
}
