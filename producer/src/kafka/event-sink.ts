import type {
  KafkaClient,
  OutgoingRecord,
  Producer,
  RecordPosition,
} from '@kafkloud/streamer/kafka';
import type { Logger } from '@kafkloud/streamer/logger';

export type EventSink = {
  send(records: readonly OutgoingRecord[]): Promise<RecordPosition[]>;
  /** Connects now; later sends reconnect by themselves after a failure. */
  connect(): Promise<void>;
  disconnect(): Promise<void>;
};

type Session = { producer: Producer; connected: Promise<void> | undefined };

/**
 * The idempotent producer, replaced after any failed send: the service recovers by itself when
 * the broker returns, without a restart.
 *
 * Why a new producer rather than a reconnect: after a send whose outcome is unknown (a timeout
 * where the request may have reached the broker), the old producer id could reuse a sequence
 * number, and the broker would answer a different batch as a duplicate of the one it already
 * has, with that batch's offsets. A fresh producer id makes that impossible, so an
 * acknowledgement always belongs to the records it is returned for.
 */
export function createEventSink(client: KafkaClient, logger: Logger): EventSink {
  let session: Session = { producer: client.producer(), connected: undefined };

  const connect = (current: Session) => {
    current.connected ??= current.producer.connect().then(
      () => logger.info('connected to Kafka'),
      (error: unknown) => {
        current.connected = undefined;
        throw error;
      },
    );
    return current.connected;
  };

  const retire = (failed: Session) => {
    if (session !== failed) return;
    session = { producer: client.producer(), connected: undefined };
    void failed.producer.disconnect().catch(() => undefined);
  };

  return {
    connect: () => connect(session),
    async send(records) {
      const current = session;
      try {
        await connect(current);
        return await current.producer.send(records);
      } catch (error) {
        if (session === current) {
          logger.warn({ err: error }, 'Kafka send failed; the next send uses a new producer');
        }
        retire(current);
        throw error;
      }
    },
    async disconnect() {
      await session.producer.disconnect();
    },
  };
}
