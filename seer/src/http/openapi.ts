import {
  askRequestSchema,
  askResponseSchema,
  problemSchema,
  readinessSchema,
} from '@kafkloud/streamer';
import { z } from 'zod';
import { acceptJsonSchema } from './routes.js';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const COMMON_ERRORS = {
  '400': problem('Bad input: empty or missing fields, invalid JSON or bytes that are not UTF-8'),
  '401': problem('Missing or invalid bearer token'),
  '413': problem('Body over the size limit'),
  '415': problem('Unsupported content type or charset'),
  '503': problem('Chroma is unavailable; retry after the Retry-After header'),
};

/** The OpenAPI 3.1 description served at `/openapi.json`. */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'kafkloud seer',
      version: '0.1.0',
      description:
        'Learns statements, documents and kafkloud events, and answers questions about them with the sources it used.',
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        AskRequest: json(askRequestSchema),
        AskResponse: json(askResponseSchema),
        AcceptRequest: json(acceptJsonSchema),
        Problem: json(problemSchema),
        Readiness: json(readinessSchema),
      },
    },
    security: [{ bearer: [] }],
    paths: {
      '/accept': {
        post: {
          summary: 'Learn statements',
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: { type: 'string', minLength: 1, maxLength: 8192 } },
              'application/json': { schema: { $ref: '#/components/schemas/AcceptRequest' } },
            },
          },
          responses: {
            '201': { description: 'Statements learned (ids are content hashes)' },
            ...COMMON_ERRORS,
          },
        },
      },
      '/load': {
        post: {
          summary: 'Learn a text document, chunked with overlap',
          parameters: [
            {
              name: 'name',
              in: 'query',
              required: false,
              schema: { type: 'string', maxLength: 200 },
            },
          ],
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: { type: 'string' } },
              'text/markdown': { schema: { type: 'string' } },
            },
          },
          responses: { '201': { description: 'Document chunks learned' }, ...COMMON_ERRORS },
        },
      },
      '/ask': {
        post: {
          summary: 'Ask a question; the answer cites its sources or says seer does not know yet',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/AskRequest' } },
            },
          },
          responses: {
            '200': {
              description: 'The answer and its sources',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/AskResponse' } },
              },
            },
            ...COMMON_ERRORS,
          },
        },
      },
      '/healthz': {
        get: { summary: 'Process up', security: [], responses: { '200': { description: 'ok' } } },
      },
      '/readyz': {
        get: {
          summary: 'Chroma and Kafka reachable',
          security: [],
          responses: {
            '200': {
              description: 'ready',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Readiness' } },
              },
            },
            '503': { description: 'starting, degraded or draining' },
          },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics',
          security: [],
          responses: { '200': { description: 'text' } },
        },
      },
    },
  };
}
