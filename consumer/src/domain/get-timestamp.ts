import type { TimestampRecord } from '@kafkloud/streamer';
import { AppError } from '@kafkloud/streamer/http';
import type { EventStore } from './types.js';

/** A stored timestamp command in the existing query service's shape. */
export async function getTimestamp(store: EventStore, commandId: string): Promise<TimestampRecord> {
  const found = await store.findTimestamp(commandId);
  if (!found) throw new AppError('not_found', `timestamp command ${commandId} is not stored`);
  return {
    command_id: found.commandId,
    event_timestamp: found.eventTimestamp.toISOString(),
    created_at: found.createdAt.toISOString(),
  };
}
