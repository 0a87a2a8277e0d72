import type { Accepted, EventStatus } from '@kafkloud/streamer';
import { describe, expect, it } from 'vitest';
import { isDone, stagesOf, statusFromStored, totalLatencyMs } from '@/lib/timeline';

const clickedAtMs = Date.parse('2026-11-23T10:00:00.000Z');
const accepted: Accepted = {
  id: 'e1',
  type: 'kafkloud.doit.v1',
  topic: 'kafkloud.events.v1',
  partition: 2,
  offset: '41',
  acceptedAt: '2026-11-23T10:00:00.020Z',
  correlationId: 'c1',
};
const persisted: EventStatus = {
  id: 'e1',
  type: 'kafkloud.doit.v1',
  stages: {
    produced: { at: '2026-11-23T10:00:00.019Z', partition: 2, offset: '41' },
    persisted: { at: '2026-11-23T10:00:00.090Z' },
  },
};
const learned: EventStatus = {
  ...persisted,
  stages: { ...persisted.stages, learned: { at: '2026-11-23T10:00:00.250Z' } },
};

describe('stagesOf', () => {
  it('when only accepted, then the first stage has partition, offset and latency; the rest pend', () => {
    const stages = stagesOf({ clickedAtMs, accepted, status: null });
    expect(stages.map((s) => s.key)).toEqual(['accepted', 'persisted', 'learned']);
    expect(stages[0]).toMatchObject({ latencyMs: 20, detail: 'partition 2 · offset 41' });
    expect(stages[1]).toMatchObject({ at: null, latencyMs: null });
    expect(stages[2]).toMatchObject({ at: null, latencyMs: null });
  });

  it('when every sink has it, then each stage has its latency since the click', () => {
    const stages = stagesOf({ clickedAtMs, accepted, status: learned });
    expect(stages.map((s) => s.latencyMs)).toEqual([19, 90, 250]);
  });

  it('when no accepted answer is known, then the status supplies partition and offset', () => {
    const stages = stagesOf({ clickedAtMs, accepted: null, status: persisted });
    expect(stages[0]).toMatchObject({ latencyMs: 19, detail: 'partition 2 · offset 41' });
  });
});

describe('isDone', () => {
  it('when persisted but not learned, then not done', () => {
    expect(isDone(persisted)).toBe(false);
    expect(totalLatencyMs({ clickedAtMs, accepted, status: persisted })).toBeNull();
  });
  it('when learned too, then done, and the total is the slowest stage', () => {
    expect(isDone(learned)).toBe(true);
    expect(totalLatencyMs({ clickedAtMs, accepted, status: learned })).toBe(250);
  });
  it('when nothing is known, then not done', () => {
    expect(isDone(null)).toBe(false);
  });
});

describe('statusFromStored', () => {
  it('when a stored row has learnedAt, then the status has a learned stage', () => {
    const status = statusFromStored({
      id: 'e1',
      type: 'kafkloud.doit.v1',
      partition: 2,
      offset: '41',
      producedAt: persisted.stages.produced.at,
      persistedAt: persisted.stages.persisted.at,
      learnedAt: '2026-11-23T10:00:00.250Z',
    });
    expect(status).toEqual(learned);
  });
});
