const problem = { $ref: '#/components/schemas/Problem' };
const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: problem } },
});
const json = (description: string, schema: object) => ({
  description,
  content: { 'application/json': { schema } },
});
const secured = {
  security: [{ bearerAuth: [] }],
};
const errors = {
  '400': problemResponse('Malformed path or query parameter'),
  '401': problemResponse('Missing or invalid bearer token'),
};

/** The consumer's HTTP contract, served at /openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'kafkloud consumer',
    version: '1.0.0',
    description:
      'The system of record: events persisted from Kafka exactly once in effect, their stages, queries and a live stream.',
  },
  paths: {
    '/status/{id}': {
      get: {
        summary: 'Stages an event has reached',
        ...secured,
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' },
          },
        ],
        responses: {
          '200': json('The event is persisted', { $ref: '#/components/schemas/EventStatus' }),
          ...errors,
          '404': problemResponse('Not persisted (yet)'),
        },
      },
    },
    '/status': {
      get: {
        summary: 'Row totals, committed offsets and lag per partition',
        ...secured,
        responses: {
          '200': json('Consumer status', { $ref: '#/components/schemas/ConsumerStatus' }),
          ...errors,
          '503': problemResponse(
            'Kafka offsets unavailable (a broker is failing over); see Retry-After',
          ),
        },
      },
    },
    '/events': {
      get: {
        summary: 'Persisted events, newest first, keyset-paginated',
        ...secured,
        parameters: [
          {
            name: 'limit',
            in: 'query',
            schema: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
          {
            name: 'cursor',
            in: 'query',
            description: 'nextCursor of the previous page',
            schema: { type: 'string' },
          },
          {
            name: 'type',
            in: 'query',
            schema: {
              type: 'string',
              enum: [
                'kafkloud.doit.v1',
                'kafkloud.timestamp.v1',
                'kafkloud.hello.v1',
                'kafkloud.message.v1',
              ],
            },
          },
          {
            name: 'from',
            in: 'query',
            description: 'event time lower bound (RFC 3339, inclusive)',
            schema: { type: 'string', format: 'date-time' },
          },
          {
            name: 'to',
            in: 'query',
            description: 'event time upper bound (RFC 3339, inclusive)',
            schema: { type: 'string', format: 'date-time' },
          },
        ],
        responses: {
          '200': json('One page', {
            type: 'object',
            required: ['items', 'nextCursor'],
            properties: {
              items: { type: 'array', items: { $ref: '#/components/schemas/StoredEvent' } },
              nextCursor: { type: ['string', 'null'] },
            },
          }),
          ...errors,
        },
      },
    },
    '/events/stream': {
      get: {
        summary: 'Server-Sent Events of persisted events and stage changes',
        description:
          'Each message has `id` (a commit-ordered sequence number) and `data` `{"stage":"persisted","event":StoredEvent}` or `{"stage":"learned","id","at"}`. Comments are sent as heartbeats. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to resume without loss. A client that cannot keep up is disconnected and should reconnect. Each client may hold a bounded number of open streams (`SSE_MAX_STREAMS_PER_CLIENT`); a token holder relaying for end clients names them in `X-Kafkloud-Client`.',
        ...secured,
        parameters: [
          { name: 'Last-Event-ID', in: 'header', schema: { type: 'string', pattern: '^\\d+$' } },
          { name: 'lastEventId', in: 'query', schema: { type: 'string', pattern: '^\\d+$' } },
          { name: 'X-Kafkloud-Client', in: 'header', schema: { type: 'string', maxLength: 200 } },
        ],
        responses: {
          '200': { description: 'Event stream', content: { 'text/event-stream': {} } },
          ...errors,
          '429': problemResponse('Too many open streams for this client; see Retry-After'),
        },
      },
    },
    '/api/v1/timestamp/{id}': {
      get: {
        summary: 'A timestamp command in the existing query service format',
        ...secured,
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } },
        ],
        responses: {
          '200': json('The command', {
            type: 'object',
            required: ['command_id', 'event_timestamp', 'created_at'],
            properties: {
              command_id: { type: 'string', format: 'uuid' },
              event_timestamp: { type: 'string', format: 'date-time' },
              created_at: { type: 'string', format: 'date-time' },
            },
          }),
          ...errors,
          '404': problemResponse('No such command'),
        },
      },
    },
    '/healthz': { get: { summary: 'Process is up', responses: { '200': { description: 'ok' } } } },
    '/readyz': {
      get: {
        summary: 'Database and Kafka reachable',
        responses: {
          '200': { description: 'ready' },
          '503': { description: 'starting, degraded or draining' },
        },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics',
        responses: { '200': { description: 'text exposition' } },
      },
    },
  },
  components: {
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'code'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          code: { type: 'string' },
          detail: { type: 'string' },
          instance: { type: 'string' },
          correlationId: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              properties: { field: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
      EventStatus: {
        type: 'object',
        required: ['id', 'type', 'stages'],
        properties: {
          id: { type: 'string' },
          type: { type: 'string' },
          stages: {
            type: 'object',
            required: ['produced', 'persisted'],
            properties: {
              produced: {
                type: 'object',
                properties: {
                  at: { type: 'string' },
                  partition: { type: 'integer' },
                  offset: { type: 'string' },
                },
              },
              persisted: { type: 'object', properties: { at: { type: 'string' } } },
              learned: { type: 'object', properties: { at: { type: 'string' } } },
            },
          },
        },
      },
      StoredEvent: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          type: { type: 'string' },
          source: { type: 'string' },
          time: { type: 'string' },
          data: {},
          correlationId: { type: ['string', 'null'] },
          topic: { type: 'string' },
          partition: { type: 'integer' },
          offset: { type: 'string' },
          producedAt: { type: 'string' },
          persistedAt: { type: 'string' },
          learnedAt: { type: ['string', 'null'] },
        },
      },
      ConsumerStatus: {
        type: 'object',
        properties: {
          totals: {
            type: 'object',
            properties: {
              events: { type: 'integer' },
              timestamps: { type: 'integer' },
              learned: { type: 'integer' },
              deadLettered: { type: 'integer' },
            },
          },
          group: { type: 'string' },
          partitions: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                topic: { type: 'string' },
                partition: { type: 'integer' },
                committedOffset: { type: ['string', 'null'] },
                highWatermark: { type: 'string' },
                lag: { type: 'integer' },
              },
            },
          },
          lag: { type: 'integer' },
        },
      },
    },
  },
} as const;
