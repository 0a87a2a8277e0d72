import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { SendObserver } from './kafka/batcher.js';

/** Kafka-side metrics; HTTP request histograms come from the streamer's httpMetrics. */
export function createProducerMetrics(registry: Registry): SendObserver {
  const sendSeconds = new Histogram({
    name: 'producer_kafka_send_duration_seconds',
    help: 'Time from handing a batch to Kafka to its acknowledgement (or failure)',
    labelNames: ['outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'producer_kafka_batch_records',
    help: 'Records coalesced into one Kafka send',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
    registers: [registry],
  });
  const records = new Counter({
    name: 'producer_kafka_records_total',
    help: 'Records handed to Kafka, by outcome',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const pending = new Gauge({
    name: 'producer_in_flight_events',
    help: 'Events waiting for a Kafka acknowledgement',
    registers: [registry],
  });
  return {
    onSend({ records: count, seconds, isOk }) {
      const outcome = isOk ? 'acknowledged' : 'failed';
      sendSeconds.observe({ outcome }, seconds);
      batchSize.observe(count);
      records.inc({ outcome }, count);
    },
    onPendingChange(delta) {
      pending.inc(delta);
    },
  };
}

/** Requests being handled right now, all routes. */
export function inFlightRequests(registry: Registry): Gauge {
  return new Gauge({
    name: 'http_requests_in_flight',
    help: 'HTTP requests being handled',
    registers: [registry],
  });
}
