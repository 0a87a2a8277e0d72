import { startOrReuseBroker } from '@kafkloud/streamer/testing';

/** One real broker for the whole run; workers read it from KAFKA_BROKERS. */
export default async function setup(): Promise<() => Promise<void>> {
  const broker = await startOrReuseBroker();
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  return () => broker.stop();
}
