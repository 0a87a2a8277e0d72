import { createEvent, eventCodec, type Accepted, type KafkloudEvent } from '@kafkloud/streamer';
import type { OutgoingRecord, RecordPosition } from '@kafkloud/streamer/kafka';

export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

/** What publishing needs from the outside world. */
export type PublishDeps = {
  topic: string;
  source: string;
  newId: () => string;
  now: () => Date;
  /** Resolves once Kafka acknowledged the record (acks=all), with its position. */
  submit: (record: OutgoingRecord) => Promise<RecordPosition>;
};

export type PublishInput = Pick<KafkloudEvent, 'type' | 'data'> & {
  correlationId: string;
  /** Record key; the event id when absent, so an event's records always share a partition. */
  key?: string;
};

/**
 * Builds a CloudEvent, validates it against the shared contract (a ContractError means the
 * caller's data was wrong) and resolves only after Kafka acknowledged it.
 */
export async function publishEvent(deps: PublishDeps, input: PublishInput): Promise<Accepted> {
  const event = createEvent({
    id: deps.newId(),
    type: input.type,
    data: input.data,
    correlationid: input.correlationId,
    source: deps.source,
    time: deps.now().toISOString(),
  } as Pick<KafkloudEvent, 'id' | 'type' | 'data' | 'correlationid' | 'source' | 'time'>);
  const value = eventCodec.encode(event);
  const position = await deps.submit({
    topic: deps.topic,
    key: input.key ?? event.id,
    value,
    headers: { correlationId: input.correlationId, 'content-type': CLOUDEVENTS_JSON },
  });
  return {
    id: event.id,
    type: event.type,
    topic: position.topic,
    partition: position.partition,
    offset: position.offset,
    acceptedAt: deps.now().toISOString(),
    correlationId: input.correlationId,
  };
}
