import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export type ConsumerMetrics = ReturnType<typeof createConsumerMetrics>;

export function createConsumerMetrics(registry: Registry) {
  const registers = [registry];
  return {
    lag: new Gauge({
      name: 'kafkloud_consumer_lag',
      help: 'Records behind the high watermark after the last handled batch, per partition',
      labelNames: ['topic', 'partition'],
      registers,
    }),
    batchSize: new Histogram({
      name: 'kafkloud_consumer_batch_size',
      help: 'Records per fetched batch',
      buckets: [1, 5, 10, 50, 100, 500, 1_000, 2_500, 5_000, 10_000],
      registers,
    }),
    persistSeconds: new Histogram({
      name: 'kafkloud_consumer_persist_seconds',
      help: 'Time to write one batch in one transaction, retries included',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    producedToPersistedSeconds: new Histogram({
      name: 'kafkloud_consumer_produced_to_persisted_seconds',
      help: 'From the Kafka record timestamp to the commit of its row',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    eventsWritten: new Counter({
      name: 'kafkloud_consumer_events_written_total',
      help: 'New event rows written (redelivered or repeated ids are not counted)',
      registers,
    }),
    deadLetters: new Counter({
      name: 'kafkloud_consumer_dead_letters_total',
      help: 'Records sent to the dead-letter topic, by origin topic',
      labelNames: ['topic'],
      registers,
    }),
    databaseRetries: new Counter({
      name: 'kafkloud_consumer_database_retries_total',
      help: 'Batch writes retried because the database was unreachable or failed',
      registers,
    }),
  };
}
