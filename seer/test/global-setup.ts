import { startOrReuseBroker } from '@kafkloud/streamer/testing';
import { startChroma } from './chroma.js';

/** One real broker and one private Chroma for the run; workers read them from the env. */
export default async function setup(): Promise<() => Promise<void>> {
  const [broker, chroma] = await Promise.all([startOrReuseBroker(), startChroma()]);
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  process.env.CHROMA_URL = chroma.url;
  return async () => {
    await Promise.all([broker.stop(), chroma.stop()]);
  };
}
