import { z } from 'zod';
import { correlationIdSchema, eventIdSchema, rfc3339Schema } from './common.js';

export const EVENT_TYPES = {
  doit: 'kafkloud.doit.v1',
  timestamp: 'kafkloud.timestamp.v1',
  hello: 'kafkloud.hello.v1',
  message: 'kafkloud.message.v1',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
export const eventTypeSchema = z.enum([
  EVENT_TYPES.doit,
  EVENT_TYPES.timestamp,
  EVENT_TYPES.hello,
  EVENT_TYPES.message,
]);

export const doitDataSchema = z
  .object({
    clickedAt: rfc3339Schema.optional(),
    label: z.string().max(200).optional(),
  })
  .strict();

export const timestampDataSchema = z.object({ eventTimestamp: rfc3339Schema }).strict();

export const helloDataSchema = z
  .object({
    message: z.string().min(1).max(200),
    sequence: z.number().int().nonnegative().optional(),
  })
  .strict();

/** Anything JSON: `kafkloud.message.v1` carries what was posted to `/produce`. */
export const messageDataSchema = z.json();

const envelopeFields = {
  specversion: z.literal('1.0'),
  id: eventIdSchema,
  source: z.string().min(1).max(512),
  time: rfc3339Schema,
  datacontenttype: z.literal('application/json'),
  correlationid: correlationIdSchema,
};

/** CloudEvents 1.0 structured-mode envelope, one member per event type. */
export const kafkloudEventSchema = z.discriminatedUnion('type', [
  z.object({ ...envelopeFields, type: z.literal(EVENT_TYPES.doit), data: doitDataSchema }).strict(),
  z
    .object({
      ...envelopeFields,
      type: z.literal(EVENT_TYPES.timestamp),
      data: timestampDataSchema,
    })
    .strict(),
  z
    .object({ ...envelopeFields, type: z.literal(EVENT_TYPES.hello), data: helloDataSchema })
    .strict(),
  z
    .object({ ...envelopeFields, type: z.literal(EVENT_TYPES.message), data: messageDataSchema })
    .strict(),
]);

export type KafkloudEvent = z.infer<typeof kafkloudEventSchema>;
export type DoitEvent = Extract<KafkloudEvent, { type: typeof EVENT_TYPES.doit }>;
export type TimestampEvent = Extract<KafkloudEvent, { type: typeof EVENT_TYPES.timestamp }>;
export type HelloEvent = Extract<KafkloudEvent, { type: typeof EVENT_TYPES.hello }>;
export type MessageEvent = Extract<KafkloudEvent, { type: typeof EVENT_TYPES.message }>;

export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json';

/** Builds a valid event; `time` defaults to now. The caller supplies the id (UUIDv7). */
export function createEvent<E extends KafkloudEvent>(
  fields: Pick<E, 'id' | 'type' | 'data' | 'correlationid' | 'source'> & { time?: string },
): E {
  return {
    specversion: '1.0',
    datacontenttype: 'application/json',
    time: fields.time ?? new Date().toISOString(),
    id: fields.id,
    source: fields.source,
    type: fields.type,
    correlationid: fields.correlationid,
    data: fields.data,
  } as E;
}
