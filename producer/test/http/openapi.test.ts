import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { OPENAPI_FILE, renderOpenApi } from '../../scripts/openapi-file.js';
import { openApiDocument } from '../../src/http/openapi.js';

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};

describe('the OpenAPI document', () => {
  it('when rendered, then it matches docs/api/producer.openapi.json (npm run openapi updates it)', async () => {
    expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(await renderOpenApi());
  });

  it('when read, then it is OpenAPI 3.1 with every route and every reference resolving', () => {
    const document = openApiDocument() as Document;
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/api/v1/timestamp',
        '/api/v1/timestamp/{timestamp}',
        '/app',
        '/healthz',
        '/metrics',
        '/openapi.json',
        '/produce',
        '/readyz',
      ].sort(),
    );
    expect(document.paths['/produce']?.post?.responses['202']).toBeDefined();
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/([^"]+)"/g)].map(
      (m) => m[1] ?? '',
    );
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const target = ref
        .split('/')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], document);
      expect(target, ref).toBeDefined();
    }
  });
});
