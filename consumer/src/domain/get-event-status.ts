import type { EventStatus } from '@kafkloud/streamer';
import { AppError } from '@kafkloud/streamer/http';
import type { EventStore } from './types.js';

/** The stages an event reached; 404 while the consumer has not persisted it. */
export async function getEventStatus(store: EventStore, id: string): Promise<EventStatus> {
  const found = await store.findEvent(id);
  if (!found) throw new AppError('not_found', `event ${id} is not persisted (yet)`);
  const { event, stages } = found;
  return {
    id: event.id,
    type: event.type,
    stages: {
      produced: { at: event.producedAt, partition: event.partition, offset: event.offset },
      persisted: { at: (stages.persisted ?? new Date(event.persistedAt)).toISOString() },
      ...(stages.learned ? { learned: { at: stages.learned.toISOString() } } : {}),
    },
  };
}
