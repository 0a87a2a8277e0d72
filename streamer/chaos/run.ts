/**
 * `make chaos`: the whole stack (producer, consumer, seer, Chroma, a private Postgres) on a
 * three-broker local Kafka under a steady load through the producer. Faults are injected one
 * at a time; after each, every event id that got a 202 must be in Postgres exactly once and
 * learned by seer exactly once, and the consumer's lag must return to 0 within RECOVERY_BOUND:
 * it must have committed every record that existed once the ids were all persisted and learned.
 *
 *   CHAOS_QUICK=1   the quick part (run by `make test`): fewer faults, shorter phases
 *   CHAOS_RATE      requests per second of the steady load (default 40)
 *   CHAOS_REPORT    write docs/reliability.md (default: on in the full run)
 *   CHAOS_KEEP_LOGS=1  keep the services' logs even when every check passes
 *   CHAOS_FAULTS    a regular expression: only the faults whose name matches
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChromaClient } from 'chromadb';
import { createKafkaClient } from '../src/kafka/index.js';
import { eventually, silentLogger } from '../src/testing/index.js';
import { ROOT, startTestStack, steadyLoad } from './stack.js';

const QUICK = process.env.CHAOS_QUICK === '1';
const RATE = Number(process.env.CHAOS_RATE ?? 40);
const FAULT_SECONDS = 10;
const RECOVERY_BOUND_MS = 60_000;
const ONLY = process.env.CHAOS_FAULTS ? new RegExp(process.env.CHAOS_FAULTS) : undefined;
const WRITE_REPORT = process.env.CHAOS_REPORT
  ? process.env.CHAOS_REPORT === '1'
  : !QUICK && ONLY === undefined;
const KEEP_LOGS = process.env.CHAOS_KEEP_LOGS === '1';

const say = (message: string) => process.stderr.write(`[chaos] ${message}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Row = {
  fault: string;
  accepted: number;
  rejected: number;
  missing: number;
  duplicated: number;
  seerMissing: number;
  seerDuplicated: number;
  recoveryMs: number;
};

async function main(): Promise<number> {
  const stack = await startTestStack({ brokerCount: 3, say });
  const { cluster, pg, db, chroma, producer, consumer, seer } = stack;
  const AUTH = stack.auth;
  const consumerPort = new URL(stack.urls.consumer).port;
  const chromaPort = chroma.port;
  const collection = chroma.collection;
  say('starting the steady load');

  const chromaClient = new ChromaClient({ host: '127.0.0.1', port: chromaPort });
  const load = steadyLoad(stack.urls.producer, AUTH, RATE);
  const rows: Row[] = [];

  /**
   * The node coordinating `groupId`: the leader of its `__consumer_offsets` partition, which
   * the broker picks as abs(Java hashCode of the id) modulo the partition count.
   */
  async function coordinatorOf(groupId: string): Promise<number> {
    const admin = createKafkaClient(
      { brokers: cluster.brokers, clientId: 'chaos' },
      silentLogger,
    ).admin();
    await admin.connect();
    try {
      const [offsets] = await admin.describeTopics(['__consumer_offsets']);
      const partitions = offsets?.partitions ?? [];
      let hash = 0;
      for (let i = 0; i < groupId.length; i += 1)
        hash = (Math.imul(31, hash) + groupId.charCodeAt(i)) | 0;
      const index = (hash === -2147483648 ? 0 : Math.abs(hash)) % partitions.length;
      const leader = partitions.find((p) => p.partition === index)?.leader;
      if (leader === undefined || leader < 0) throw new Error(`no coordinator for ${groupId}`);
      return leader;
    } finally {
      await admin.disconnect();
    }
  }

  type Partitions = {
    topic: string;
    partition: number;
    committedOffset: string | null;
    highWatermark: string;
  }[];

  async function partitions(): Promise<Partitions> {
    const res = await fetch(`http://127.0.0.1:${consumerPort}/status`, { headers: AUTH });
    if (!res.ok) throw new Error(`status ${res.status}`);
    return ((await res.json()) as { partitions: Partitions }).partitions;
  }

  /**
   * The consumer's lag behind `target` (high watermarks taken once the fault is over): records
   * that existed then and are not committed yet. Under a steady load the live lag is rarely 0
   * at any one instant; the backlog a fault left behind is what must drain.
   */
  async function backlog(target: Map<string, bigint>): Promise<number> {
    let behind = 0n;
    for (const p of await partitions()) {
      const high = target.get(`${p.topic}/${p.partition}`) ?? 0n;
      const committed = BigInt(p.committedOffset ?? 0);
      if (committed < high) behind += high - committed;
    }
    return Number(behind);
  }

  async function verify(fault: string, rejectedBefore: number, faultEnded: number): Promise<Row> {
    const ids = [...load.accepted];
    // Recovery: every accepted id persisted and learned, and the consumer's lag back to 0.
    let persisted = 0;
    let learned = 0;
    let watermarks: Map<string, bigint> | undefined;
    let lastLag: number | string = '?';
    let lastReport = Date.now();
    await eventually(
      async () => {
        if (Date.now() - lastReport >= 5_000) {
          lastReport = Date.now();
          say(
            `  ${((Date.now() - faultEnded) / 1000).toFixed(0)} s after: persisted ${persisted}/${ids.length}, learned ${learned}/${ids.length}, backlog ${lastLag}`,
          );
        }
        const rows = await db<{ persisted: number; learned: number }[]>`
          select
            (select count(*)::int from events where id = any(${ids})) as persisted,
            (select count(*)::int from event_stages where stage = 'learned' and event_id = any(${ids})) as learned`;
        persisted = rows[0]?.persisted ?? 0;
        learned = rows[0]?.learned ?? 0;
        if (persisted !== ids.length || learned !== ids.length) return undefined;
        watermarks ??= await partitions()
          .then(
            (list) =>
              new Map(list.map((p) => [`${p.topic}/${p.partition}`, BigInt(p.highWatermark)])),
          )
          .catch(() => undefined);
        if (!watermarks) return undefined;
        lastLag = await backlog(watermarks).catch((error: Error) => error.message);
        return lastLag === 0 ? true : undefined;
      },
      { timeoutMs: RECOVERY_BOUND_MS, intervalMs: 250 },
    ).catch(() => undefined);
    const recoveryMs = Date.now() - faultEnded;

    const duplicates = await db<{ n: number }[]>`
      select (count(*) - count(distinct id))::int as n from events where id = any(${ids})`;
    const target = (await chromaClient.listCollections()).find((c) =>
      c.name.startsWith(collection),
    );
    let seerItems = 0;
    if (target) {
      const found = await target.get({ ids: ids.map((id) => `event:${id}`), include: [] });
      seerItems = found.ids.length;
    }
    const row: Row = {
      fault,
      accepted: ids.length,
      rejected: load.rejected() - rejectedBefore,
      missing: ids.length - persisted,
      duplicated: duplicates[0]?.n ?? 0,
      seerMissing: ids.length - Math.min(ids.length, seerItems),
      seerDuplicated: Math.max(0, seerItems - ids.length),
      recoveryMs,
    };
    say(
      `${fault}: accepted ${row.accepted}, missing ${row.missing}, duplicated ${row.duplicated}, seer missing ${row.seerMissing}, recovered in ${(recoveryMs / 1000).toFixed(1)} s`,
    );
    return row;
  }

  type Fault = { name: string; inject: () => Promise<void> };
  const hold = () => sleep(FAULT_SECONDS * 1000);
  const faults: Fault[] = [
    {
      // The harshest broker to lose: besides leaderships it holds the consumer group, which
      // must move to another broker before anything is committed again.
      name: "kill -9 of a broker (the consumer group's coordinator)",
      inject: async () => {
        process.kill(await cluster.pidOf(await coordinatorOf(stack.groups.consumer)), 'SIGKILL');
        await hold();
        await cluster.resume();
      },
    },
    {
      name: `SIGSTOP of a broker for ${FAULT_SECONDS} s`,
      inject: async () => {
        const pid = await cluster.pidOf(3);
        process.kill(pid, 'SIGSTOP');
        await hold();
        process.kill(pid, 'SIGCONT');
      },
    },
    {
      name: 'kill -9 of the consumer',
      inject: async () => {
        await consumer.signal('SIGKILL');
        await sleep(2_000);
        await consumer.start();
      },
    },
    {
      name: 'kill -9 of seer',
      inject: async () => {
        await seer.signal('SIGKILL');
        await sleep(2_000);
        await seer.start();
      },
    },
    {
      name: `Postgres stopped for ${FAULT_SECONDS} s`,
      inject: async () => {
        await pg.halt();
        await hold();
        await pg.resume();
      },
    },
    {
      name: `Chroma stopped for ${FAULT_SECONDS} s`,
      inject: async () => {
        await chroma.stop();
        await hold();
        await chroma.start();
      },
    },
    {
      name: 'producer restart',
      inject: async () => {
        await producer.signal('SIGTERM');
        await producer.start();
      },
    },
  ];
  const chosen = faults.filter((f) =>
    ONLY
      ? ONLY.test(f.name)
      : !QUICK || /kill -9 of (a broker|the consumer)|producer restart/.test(f.name),
  );

  let exitCode = 0;
  try {
    await sleep(3_000);
    for (const fault of chosen) {
      const rejectedBefore = load.rejected();
      say(`injecting: ${fault.name}`);
      await fault.inject();
      const ended = Date.now();
      await sleep(2_000);
      const row = await verify(fault.name, rejectedBefore, ended);
      rows.push(row);
      if (row.missing + row.duplicated + row.seerMissing + row.seerDuplicated > 0) exitCode = 1;
    }
  } finally {
    await load.stop();
  }
  rows.push(await verify('after the load stopped', load.rejected(), Date.now()));
  const last = rows.at(-1)!;
  if (last.missing + last.duplicated + last.seerMissing + last.seerDuplicated > 0) exitCode = 1;

  const table = [
    '| fault | accepted (202) so far | not accepted during fault | missing in Postgres | duplicated | missing in seer | duplicated in seer | all persisted, learned and lag 0 after |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.fault} | ${r.accepted} | ${r.rejected} | ${r.missing} | ${r.duplicated} | ${r.seerMissing} | ${r.seerDuplicated} | ${(r.recoveryMs / 1000).toFixed(1)} s |`,
    ),
  ].join('\n');
  console.log(`\n${table}\n`);
  console.log(exitCode === 0 ? 'chaos: 0 missing, 0 duplicated' : 'chaos: FAILED');

  if (WRITE_REPORT) {
    await writeFile(
      join(ROOT, 'docs/reliability.md'),
      [
        '# Reliability',
        '',
        'Written by `make chaos`: the full stack (producer, consumer, seer, Chroma, a private',
        'PostgreSQL) on a three-broker local Kafka (replication factor 3, `min.insync.replicas=2`)',
        `under a steady load of ${RATE} POST /produce per second. Faults are injected one at a time;`,
        "after each, every event id that got a 202 is checked in Postgres and in seer's Chroma",
        `collection. Bound for recovery (all persisted and learned, consumer lag 0): ${RECOVERY_BOUND_MS / 1000} s`,
        'after the fault ended. Requests not accepted during a fault were answered 503 (or refused',
        'while the producer restarted) and are never counted as accepted. Lag 0 means the consumer',
        'group has committed every record that existed once all accepted ids were persisted and',
        'learned (the load goes on, so the live lag is rarely 0 at any one instant).',
        '',
        table,
        '',
        `Run ${new Date().toISOString()}, Node ${process.version}.`,
        '',
      ].join('\n'),
    );
    say('wrote docs/reliability.md');
  }

  const keepLogs = KEEP_LOGS || exitCode !== 0;
  await stack.stop({ keepLogs });
  if (keepLogs) say(`service logs kept in ${stack.work}`);
  return exitCode;
}

process.exitCode = await main();
