import type { Accepted, EventStatus } from '@kafkloud/streamer';

export type StageKey = 'accepted' | 'persisted' | 'learned';

export type Stage = {
  key: StageKey;
  label: string;
  sink: string;
  /** RFC 3339 time the stage was reached, or null while pending. */
  at: string | null;
  /** Milliseconds from the click to this stage, or null while pending. */
  latencyMs: number | null;
  detail: string | null;
};

export type Tracking = {
  clickedAtMs: number;
  accepted: Accepted | null;
  status: EventStatus | null;
};

const STAGES: readonly { key: StageKey; label: string; sink: string }[] = [
  { key: 'accepted', label: 'Accepted', sink: 'producer → Kafka' },
  { key: 'persisted', label: 'Persisted', sink: 'consumer → Postgres' },
  { key: 'learned', label: 'Learned', sink: 'seer → Chroma' },
];

function since(clickedAtMs: number, at: string | null | undefined): number | null {
  if (!at) return null;
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? null : ms - clickedAtMs;
}

export function stagesOf(tracking: Tracking): Stage[] {
  const { accepted, status, clickedAtMs } = tracking;
  const produced = status?.stages.produced;
  const times: Record<StageKey, string | null> = {
    // The record's own time in Kafka once the consumer reports it; the producer's answer comes
    // back after the acknowledgement, which may be later than the consumer persisting it.
    accepted: produced?.at ?? accepted?.acceptedAt ?? null,
    persisted: status?.stages.persisted.at ?? null,
    learned: status?.stages.learned?.at ?? null,
  };
  const partition = accepted?.partition ?? produced?.partition;
  const offset = accepted?.offset ?? produced?.offset;
  return STAGES.map(({ key, label, sink }) => ({
    key,
    label,
    sink,
    at: times[key],
    latencyMs: since(clickedAtMs, times[key]),
    detail:
      key === 'accepted' && partition !== undefined && offset !== undefined
        ? `partition ${partition} · offset ${offset}`
        : null,
  }));
}

/** Done once every sink has the event: the consumer persisted it and seer learned it. */
export function isDone(status: EventStatus | null): boolean {
  return Boolean(status?.stages.persisted.at && status.stages.learned?.at);
}

/** Time from the click to the last stage, once done. */
export function totalLatencyMs(tracking: Tracking): number | null {
  if (!isDone(tracking.status)) return null;
  const latencies = stagesOf(tracking).map((stage) => stage.latencyMs ?? 0);
  return Math.max(...latencies);
}

/** Status of an event's stages from a stored row, for pages that have the row, not a status. */
export function statusFromStored(event: {
  id: string;
  type: string;
  partition: number;
  offset: string;
  producedAt: string;
  persistedAt: string;
  learnedAt: string | null;
}): EventStatus {
  return {
    id: event.id,
    type: event.type,
    stages: {
      produced: { at: event.producedAt, partition: event.partition, offset: event.offset },
      persisted: { at: event.persistedAt },
      ...(event.learnedAt ? { learned: { at: event.learnedAt } } : {}),
    },
  };
}
