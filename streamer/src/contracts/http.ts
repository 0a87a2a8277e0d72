import { z } from 'zod';
import { eventTypeSchema } from './events.js';
import { answerSourceSchema, questionTextSchema } from './seer.js';

/** RFC 9457 problem details, as every kafkloud service returns them. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  correlationId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const produceRequestSchema = z
  .object({
    type: z.enum(['kafkloud.doit.v1', 'kafkloud.message.v1']).optional(),
    data: z.json().optional(),
    key: z.string().min(1).max(256).optional(),
  })
  .strict();
export type ProduceRequest = z.infer<typeof produceRequestSchema>;

export const acceptedSchema = z.object({
  id: z.string(),
  type: eventTypeSchema,
  topic: z.string(),
  partition: z.number().int().nonnegative(),
  offset: z.string(),
  acceptedAt: z.string(),
  correlationId: z.string(),
});
export type Accepted = z.infer<typeof acceptedSchema>;

export const stageSchema = z.object({ at: z.string() });
export const eventStatusSchema = z.object({
  id: z.string(),
  type: z.string(),
  stages: z.object({
    produced: stageSchema.extend({ partition: z.number().int(), offset: z.string() }),
    persisted: stageSchema,
    learned: stageSchema.optional(),
  }),
});
export type EventStatus = z.infer<typeof eventStatusSchema>;

export const storedEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  source: z.string(),
  time: z.string(),
  data: z.json(),
  correlationId: z.string().nullable(),
  topic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  producedAt: z.string(),
  persistedAt: z.string(),
  learnedAt: z.string().nullable(),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;

export const eventsPageSchema = z.object({
  items: z.array(storedEventSchema),
  nextCursor: z.string().nullable(),
});
export type EventsPage = z.infer<typeof eventsPageSchema>;

export const partitionStatusSchema = z.object({
  topic: z.string(),
  partition: z.number().int(),
  committedOffset: z.string().nullable(),
  highWatermark: z.string(),
  lag: z.number().int(),
});
export const consumerStatusSchema = z.object({
  totals: z.object({
    events: z.number().int(),
    timestamps: z.number().int(),
    learned: z.number().int(),
    deadLettered: z.number().int(),
  }),
  group: z.string(),
  partitions: z.array(partitionStatusSchema),
  lag: z.number().int(),
});
export type ConsumerStatus = z.infer<typeof consumerStatusSchema>;

export const askRequestSchema = z.object({ question: questionTextSchema }).strict();
export type AskRequest = z.infer<typeof askRequestSchema>;

export const askResponseSchema = z.object({
  question: z.string(),
  answer: z.string(),
  isKnown: z.boolean(),
  sources: z.array(answerSourceSchema),
});
export type AskResponse = z.infer<typeof askResponseSchema>;

export const readinessSchema = z.object({
  status: z.enum(['ready', 'starting', 'degraded', 'draining']),
  checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
});
export type Readiness = z.infer<typeof readinessSchema>;
