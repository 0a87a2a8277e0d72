import { z } from 'zod';
import { eventIdSchema, rfc3339Schema } from './common.js';

/** Stages reported by sinks other than the consumer, which owns `produced` and `persisted`. */
export const receiptStageSchema = z.enum(['learned']);
export type ReceiptStage = z.infer<typeof receiptStageSchema>;

export const receiptSchema = z
  .object({
    eventId: eventIdSchema,
    stage: receiptStageSchema,
    at: rfc3339Schema,
  })
  .strict();

export type Receipt = z.infer<typeof receiptSchema>;
