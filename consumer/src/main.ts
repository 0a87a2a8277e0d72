import { createServer } from 'node:http';
import { installShutdown, resolveApiTokens } from '@kafkloud/streamer/http';
import { createLogger } from '@kafkloud/streamer/logger';
import { loadConfig } from './config.js';
import { isSchemaCurrent, openDatabase } from './db/connection.js';
import { createConsumerService } from './service.js';

const config = loadConfig();
const logger = createLogger('consumer', { level: config.logLevel });

const apiTokens = await resolveApiTokens(config.apiTokens, config.dataDir, logger);

const database = await openDatabase(config.database, {
  onError: (error) => logger.warn({ err: error }, 'idle database connection failed'),
});
if (!(await isSchemaCurrent(database).catch(() => false))) {
  logger.fatal(
    { database: config.database.kind },
    'the database schema is missing or behind: run `npm run migrate -w @kafkloud/consumer` first',
  );
  await database.close();
  process.exit(1);
}

const service = createConsumerService({ config, logger, apiTokens, database });
const server = createServer(service.app);
server.keepAliveTimeout = 65_000;

installShutdown({
  server,
  lifecycle: service.lifecycle,
  logger,
  deadlineMs: config.shutdownDeadlineMs,
  drainDelayMs: config.mode === 'production' ? 2_000 : 0,
  close: () => service.close(),
});

await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
const address = server.address();
logger.info(
  {
    port: typeof address === 'object' && address ? address.port : config.port,
    host: config.host,
    database: config.database.kind,
    group: config.consumerGroup,
    topicPrefix: config.topicPrefix,
  },
  'consumer listening',
);
// Kafka may come up after us; readiness answers 503 until the group is joined.
void service.start();
