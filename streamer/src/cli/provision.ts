#!/usr/bin/env node
/**
 * kafkloud-provision: creates the catalogue's topics and reports drift.
 *   --wait <seconds>  keep trying while the broker is starting (default 0)
 *   --fix             alter drifted topic configs to match the catalogue
 *   --expect-brokers <n>  wait until n brokers are registered; replication follows n
 * Exit codes: 0 all as catalogued, 1 broker unreachable, 3 drift remains.
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../logger.js';
import { createKafkaClient } from '../kafka/kafkajs.js';
import { provision } from '../kafka/provision.js';
import { parseBrokers } from '../kafka/settings.js';

const { values } = parseArgs({
  options: {
    brokers: { type: 'string' },
    wait: { type: 'string', default: '0' },
    fix: { type: 'boolean', default: false },
    'expect-brokers': { type: 'string' },
  },
});

const brokers = parseBrokers(values.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092');
const deadline = Date.now() + Number(values.wait) * 1000;
const expectedBrokers =
  values['expect-brokers'] === undefined ? undefined : Number(values['expect-brokers']);
const logger = createLogger('provision', { level: 'fatal' });
const client = createKafkaClient(
  { brokers, clientId: 'kafkloud-provision', connectionTimeoutMs: 1_000, retries: 2 },
  logger,
);

async function main(): Promise<number> {
  for (;;) {
    const admin = client.admin();
    try {
      await admin.connect();
      if (expectedBrokers !== undefined) {
        const { brokers: live } = await admin.describeCluster();
        if (live.length < expectedBrokers) {
          throw new Error(`${live.length} of ${expectedBrokers} brokers registered`);
        }
      }
      const report = await provision(admin, { fix: values.fix, expectedBrokers });
      console.log(
        `provisioned ${brokers.join(',')}: ${report.brokerCount} broker(s), replication factor ${report.replicationFactor}`,
      );
      if (report.created.length > 0) console.log(`  created: ${report.created.join(', ')}`);
      if (report.fixed.length > 0) console.log(`  fixed:   ${report.fixed.join(', ')}`);
      if (report.unchanged.length > 0) console.log(`  present: ${report.unchanged.join(', ')}`);
      for (const d of report.drift) {
        console.log(
          `  DRIFT ${d.topic} ${d.setting}: expected ${d.expected}, found ${d.actual}${d.isFixable ? ' (fix with --fix)' : ''}`,
        );
      }
      return report.drift.length > 0 ? 3 : 0;
    } catch (error) {
      if (Date.now() > deadline) {
        console.error(`provision failed against ${brokers.join(',')}: ${(error as Error).message}`);
        return 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
}

process.exitCode = await main();
