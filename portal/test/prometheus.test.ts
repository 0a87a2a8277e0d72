import { describe, expect, it } from 'vitest';
import { samplesOf, sumBy, total } from '@/lib/prometheus';

const TEXT = `# HELP producer_kafka_records_total Records handed to Kafka, by outcome
# TYPE producer_kafka_records_total counter
producer_kafka_records_total{outcome="acked",service="producer"} 120
producer_kafka_records_total{outcome="failed",service="producer"} 2
producer_in_flight_events 3
seer_learned_total{kind="say \\"hi\\""} 4
`;

describe('prometheus text', () => {
  it('when a metric has labels, then each sample keeps them, escapes undone', () => {
    expect(samplesOf(TEXT, 'seer_learned_total')).toEqual([
      { labels: { kind: 'say "hi"' }, value: 4 },
    ]);
  });
  it('when summing by a label, then one figure per value', () => {
    expect(sumBy(TEXT, 'producer_kafka_records_total', 'outcome')).toEqual({
      acked: 120,
      failed: 2,
    });
  });
  it('when a metric is absent, then null, not zero', () => {
    expect(total(TEXT, 'producer_in_flight_events')).toBe(3);
    expect(total(TEXT, 'nope')).toBeNull();
  });
});
