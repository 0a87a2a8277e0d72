import type { KafkloudEvent } from '@kafkloud/streamer';
import { describeEvent, describeEventContent } from './describe-event.js';
import { eventItemId } from './ids.js';
import { learnItems, type LearnDeps } from './learn.js';

export type PositionedEvent = {
  event: KafkloudEvent;
  topic: string;
  partition: number;
  offset: string;
};

/** Learns events; resolves with their ids once every one is stored. */
export async function learnEvents(
  deps: LearnDeps,
  events: readonly PositionedEvent[],
): Promise<string[]> {
  await learnItems(
    deps,
    events.map(({ event, topic, partition, offset }) => ({
      id: eventItemId(event.id),
      text: describeEvent(event),
      embedText: describeEventContent(event),
      ref: { kind: 'event', eventId: event.id, topic, partition, offset },
    })),
  );
  return events.map(({ event }) => event.id);
}
