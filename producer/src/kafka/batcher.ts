import { AppError } from '@kafkloud/streamer/http';
import type { OutgoingRecord, RecordPosition } from '@kafkloud/streamer/kafka';

export type SendObserver = {
  onSend(outcome: { records: number; seconds: number; isOk: boolean }): void;
  onPendingChange(delta: number): void;
};

export type BatcherOptions = {
  send: (records: readonly OutgoingRecord[]) => Promise<RecordPosition[]>;
  maxBatch: number;
  /**
   * Sends allowed in flight at once. kafkajs's idempotent producer serializes produce requests
   * per broker under a lock (sequence numbers stay in order); a second send waiting on that
   * lock goes out the moment the first is acknowledged, without waiting for our own code.
   */
  maxConcurrentSends?: number;
  /** Each record is answered within this time: acknowledged, or rejected as unavailable. */
  timeoutMs: number;
  retryAfterSeconds: number;
  observer?: SendObserver;
};

export type Batcher = {
  submit(record: OutgoingRecord): Promise<RecordPosition>;
  /** Resolves when nothing is queued or being sent. */
  drain(): Promise<void>;
};

type Pending = {
  record: OutgoingRecord;
  isSettled: boolean;
  isTaken: boolean;
  timer: NodeJS.Timeout;
  resolve(position: RecordPosition): void;
  reject(error: AppError): void;
};

/**
 * Coalesces concurrent submissions into Kafka sends. At most `maxConcurrentSends` sends are in
 * flight; what arrives meanwhile queues and goes out together as soon as one completes.
 *
 * Invariant: a submission resolves only with the position Kafka acknowledged for its own
 * record. A submission that times out is rejected; if its record was not yet handed to Kafka it
 * is dropped, so it is never written after its caller was told 503.
 */
export function createBatcher(options: BatcherOptions): Batcher {
  const queue: Pending[] = [];
  let sending = 0;
  const maxConcurrentSends = options.maxConcurrentSends ?? 1;
  let isScheduled = false;
  let idleWaiters: (() => void)[] = [];

  const unavailable = (detail: string, cause?: unknown) =>
    new AppError('unavailable', detail, { retryAfter: options.retryAfterSeconds, cause });

  const settle = (pending: Pending) => {
    pending.isSettled = true;
    clearTimeout(pending.timer);
    options.observer?.onPendingChange(-1);
  };

  const notifyIfIdle = () => {
    if (sending > 0 || queue.length > 0) return;
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const waiter of waiters) waiter();
  };

  const schedule = () => {
    if (isScheduled || sending >= maxConcurrentSends) return;
    isScheduled = true;
    // setImmediate lets every request parsed in the same I/O turn join this send.
    setImmediate(() => {
      isScheduled = false;
      void flush();
    });
  };

  const flush = async () => {
    if (sending >= maxConcurrentSends) return;
    const batch = queue.splice(0, options.maxBatch).filter((pending) => !pending.isSettled);
    if (batch.length === 0) {
      notifyIfIdle();
      return;
    }
    sending += 1;
    for (const pending of batch) pending.isTaken = true;
    const started = process.hrtime.bigint();
    let isOk = false;
    try {
      const positions = await options.send(batch.map((pending) => pending.record));
      isOk = true;
      batch.forEach((pending, index) => {
        const position = positions[index];
        if (pending.isSettled) return;
        settle(pending);
        if (position) pending.resolve(position);
        else pending.reject(unavailable('Kafka returned no position for the record'));
      });
    } catch (error) {
      for (const pending of batch) {
        if (pending.isSettled) continue;
        settle(pending);
        pending.reject(unavailable('Kafka did not acknowledge the event', error));
      }
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      options.observer?.onSend({ records: batch.length, seconds, isOk });
      sending -= 1;
      if (queue.length > 0) void flush();
      else notifyIfIdle();
    }
  };

  return {
    submit(record) {
      return new Promise<RecordPosition>((resolve, reject) => {
        const pending: Pending = {
          record,
          isSettled: false,
          isTaken: false,
          resolve,
          reject,
          timer: setTimeout(() => {
            if (pending.isSettled) return;
            settle(pending);
            const index = queue.indexOf(pending);
            if (index >= 0) queue.splice(index, 1);
            pending.reject(
              unavailable(`Kafka did not acknowledge the event within ${options.timeoutMs} ms`),
            );
            notifyIfIdle();
          }, options.timeoutMs),
        };
        options.observer?.onPendingChange(1);
        queue.push(pending);
        schedule();
      });
    },
    drain() {
      if (sending === 0 && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
