import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { startOrReuseBroker } from '@kafkloud/streamer/testing';

/**
 * One real broker for the whole run; workers read it from KAFKA_BROKERS. Also one empty PGlite
 * data directory: creating one runs initdb in WebAssembly (about 10 s), so tests copy it.
 */
export default async function setup(): Promise<() => Promise<void>> {
  const templateRoot = await mkdtemp(join(tmpdir(), 'kafkloud-pglite-template-'));
  const template = join(templateRoot, 'data');
  const [broker] = await Promise.all([
    startOrReuseBroker(),
    PGlite.create(template).then((db) => db.close()),
  ]);
  process.env.KAFKA_BROKERS = broker.brokers.join(',');
  process.env.KAFKLOUD_TEST_PGLITE_TEMPLATE = template;
  return async () => {
    await broker.stop();
    await rm(templateRoot, { recursive: true, force: true });
  };
}
