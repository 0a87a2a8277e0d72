/**
 * Writes the producer's OpenAPI document to docs/api/producer.openapi.json.
 *   tsx scripts/render-openapi.ts          write it
 *   tsx scripts/render-openapi.ts --check  exit 1 when the file is out of date
 */
import { readFile, writeFile } from 'node:fs/promises';
import { renderOpenApi, OPENAPI_FILE } from './openapi-file.js';

const rendered = await renderOpenApi();
if (process.argv.includes('--check')) {
  const current = await readFile(OPENAPI_FILE, 'utf8').catch(() => '');
  if (current !== rendered) {
    console.error(`${OPENAPI_FILE} is out of date: run npm run openapi -w @kafkloud/producer`);
    process.exit(1);
  }
  console.log(`${OPENAPI_FILE} is up to date`);
} else {
  await writeFile(OPENAPI_FILE, rendered);
  console.log(`wrote ${OPENAPI_FILE}`);
}
