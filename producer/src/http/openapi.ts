import {
  acceptedSchema,
  correlationIdSchema,
  problemSchema,
  produceRequestSchema,
  readinessSchema,
  rfc3339Schema,
} from '@kafkloud/streamer';
import { z } from 'zod';

type JsonObject = { [key: string]: unknown };

/**
 * JSON Schema for a component. zod puts recursive parts under a local `$defs`; in an OpenAPI
 * document `#/$defs` would resolve against the document root, so they are lifted into
 * components with their references rewritten.
 */
function component(name: string, schema: z.ZodType, into: Record<string, unknown>): JsonObject {
  const {
    $schema: _ignored,
    $defs,
    ...rest
  } = z.toJSONSchema(schema, { io: 'input' }) as JsonObject;
  let text = JSON.stringify(rest);
  for (const def of Object.keys(($defs as JsonObject | undefined) ?? {})) {
    const target = `${name}_${def.replace(/^_+/, '')}`;
    text = text.replaceAll(`"#/$defs/${def}"`, `"#/components/schemas/${target}"`);
    const body = JSON.stringify(($defs as JsonObject)[def]).replaceAll(
      `"#/$defs/${def}"`,
      `"#/components/schemas/${target}"`,
    );
    into[target] = JSON.parse(body) as unknown;
  }
  into[name] = JSON.parse(text) as unknown;
  return { $ref: `#/components/schemas/${name}` };
}

const problemContent = {
  'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
};

const problem = (description: string, headers?: JsonObject) => ({
  description,
  ...(headers ? { headers } : {}),
  content: problemContent,
});

const retryAfter = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
};

const accepted = {
  description:
    'Kafka acknowledged the event (acks=all, idempotent producer): it is at `topic`/`partition`/`offset`.',
  headers: {
    correlationId: { $ref: '#/components/headers/correlationId' },
  },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Accepted' } } },
};

const writeResponses = (extra: Record<string, unknown> = {}) => ({
  '202': accepted,
  ...extra,
  '400': problem('Malformed JSON, invalid field or malformed correlationId header'),
  '401': problem('Missing or invalid bearer token'),
  '413': problem('Body larger than the limit (64 KiB by default)'),
  '415': problem('A body that is not application/json'),
  '429': problem('Too many requests for this token', { ...retryAfter }),
  '503': problem('Kafka did not acknowledge in time; nothing was confirmed', { ...retryAfter }),
});

const correlationParameter = { $ref: '#/components/parameters/correlationId' };

/** The producer's OpenAPI 3.1 document, built from the shared zod contracts. */
export function openApiDocument(): JsonObject {
  const schemas: Record<string, unknown> = {};
  const refs = {
    produceRequest: component('ProduceRequest', produceRequestSchema, schemas),
    accepted: component('Accepted', acceptedSchema, schemas),
    problem: component('Problem', problemSchema, schemas),
    readiness: component('Readiness', readinessSchema, schemas),
  };
  const timestamp = z.toJSONSchema(rfc3339Schema) as JsonObject;
  delete timestamp.$schema;
  const correlation = z.toJSONSchema(correlationIdSchema) as JsonObject;
  delete correlation.$schema;
  const optionalJsonBody = {
    required: false,
    description: 'Ignored; may be omitted.',
    content: { 'application/json': { schema: {} } },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'kafkloud producer',
      version: '1.0.0',
      description:
        'HTTP ingest into Kafka. A 202 is sent only after Kafka acknowledged the event; ' +
        'events are CloudEvents 1.0 (structured JSON) on `kafkloud.events.v1` with UUIDv7 ids, ' +
        'the record key is the event id unless `key` is given, and the correlation id travels ' +
        'in the `correlationId` record header.',
    },
    servers: [{ url: 'http://localhost:8000' }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/produce': {
        post: {
          operationId: 'produce',
          summary: 'Publish an event (kafkloud.message.v1 unless type says kafkloud.doit.v1)',
          parameters: [correlationParameter],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: refs.produceRequest } },
          },
          responses: writeResponses(),
        },
      },
      '/app': {
        post: {
          operationId: 'recordTime',
          summary: 'Record the current time as a kafkloud.timestamp.v1 event',
          parameters: [correlationParameter],
          requestBody: optionalJsonBody,
          responses: writeResponses(),
        },
      },
      '/api/v1/timestamp': {
        post: {
          operationId: 'recordCurrentTimestamp',
          summary: 'Record the current time as a kafkloud.timestamp.v1 event',
          parameters: [correlationParameter],
          requestBody: optionalJsonBody,
          responses: writeResponses(),
        },
      },
      '/api/v1/timestamp/{timestamp}': {
        post: {
          operationId: 'recordTimestamp',
          summary: 'Record the given RFC 3339 time as a kafkloud.timestamp.v1 event',
          parameters: [
            correlationParameter,
            { name: 'timestamp', in: 'path', required: true, schema: timestamp },
          ],
          requestBody: optionalJsonBody,
          responses: writeResponses(),
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          security: [],
          summary: 'The process is up',
          responses: {
            '200': {
              description: 'Up',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { status: { const: 'ok' } } },
                },
              },
            },
          },
        },
      },
      '/readyz': {
        get: {
          operationId: 'readiness',
          security: [],
          summary:
            'Kafka reachable, the events topic has a leader for every partition, not draining',
          responses: {
            '200': {
              description: 'Ready',
              content: { 'application/json': { schema: refs.readiness } },
            },
            '503': {
              description: 'Starting, Kafka or the events topic unavailable, or draining',
              content: { 'application/json': { schema: refs.readiness } },
            },
          },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          security: [],
          summary: 'Prometheus metrics',
          responses: {
            '200': {
              description: 'Prometheus text format',
              content: { 'text/plain': { schema: { type: 'string' } } },
            },
          },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openApi',
          summary: 'This document',
          responses: {
            '200': {
              description: 'OpenAPI 3.1',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            '401': { description: 'Missing or invalid bearer token', content: problemContent },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      parameters: {
        correlationId: {
          name: 'correlationId',
          in: 'header',
          required: false,
          description: 'Generated when absent; echoed on the response and put on the Kafka record.',
          schema: correlation,
        },
      },
      headers: {
        correlationId: { description: "The request's correlation id", schema: { type: 'string' } },
      },
      schemas: { ...schemas, Problem: schemas.Problem ?? refs.problem },
    },
  };
}
