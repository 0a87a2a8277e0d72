import type { KafkaClient } from '@kafkloud/streamer/kafka';

export type HealthResult = { ok: boolean; detail?: string };

/**
 * Readiness of Kafka: the events topic exists and every partition has a leader. One metadata
 * round trip, bounded by `timeoutMs` and cached for `cacheMs` so frequent probes do not turn
 * into broker load.
 */
export function createKafkaHealth(
  client: KafkaClient,
  options: { topic: string; timeoutMs: number; cacheMs: number },
): { check(): Promise<HealthResult>; close(): Promise<void> } {
  const admin = client.admin();
  let isConnected = false;
  let last: { at: number; result: HealthResult } | undefined;
  let running: Promise<HealthResult> | undefined;

  const probe = async (): Promise<HealthResult> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from Kafka within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
    });
    try {
      const [described] = await Promise.race([
        (async () => {
          if (!isConnected) {
            await admin.connect();
            isConnected = true;
          }
          return admin.describeTopics([options.topic]);
        })(),
        timeout,
      ]);
      const partitions = described?.partitions ?? [];
      if (partitions.length === 0) return { ok: false, detail: `topic ${options.topic} not found` };
      const leaderless = partitions.filter((partition) => partition.leader < 0);
      if (leaderless.length > 0) {
        return {
          ok: false,
          detail: `${leaderless.length} partition(s) of ${options.topic} without a leader`,
        };
      }
      return { ok: true, detail: `${options.topic}: ${partitions.length} partition(s)` };
    } catch (error) {
      isConnected = false;
      await admin.disconnect().catch(() => undefined);
      return { ok: false, detail: (error as Error).message };
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    async check() {
      if (last && Date.now() - last.at < options.cacheMs) return last.result;
      running ??= probe().then((result) => {
        last = { at: Date.now(), result };
        running = undefined;
        return result;
      });
      return running;
    },
    async close() {
      await admin.disconnect().catch(() => undefined);
    },
  };
}
