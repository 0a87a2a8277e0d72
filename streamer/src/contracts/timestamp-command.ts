import { z } from 'zod';
import { rfc3339Schema } from './common.js';

/** `timestamp.command.v1`: the existing timestamp command service's format, accepted as-is. */
export const timestampCommandSchema = z.object({
  command_id: z.uuid(),
  event_timestamp: rfc3339Schema,
});

export type TimestampCommand = z.infer<typeof timestampCommandSchema>;

/** What the existing query service returns for a stored command. */
export const timestampRecordSchema = z.object({
  command_id: z.string(),
  event_timestamp: z.string(),
  created_at: z.string(),
});
export type TimestampRecord = z.infer<typeof timestampRecordSchema>;
