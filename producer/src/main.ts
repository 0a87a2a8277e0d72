import { createServer } from 'node:http';
import { installShutdown, resolveApiTokens } from '@kafkloud/streamer/http';
import { createLogger } from '@kafkloud/streamer/logger';
import { loadConfig } from './config.js';
import { createProducerService } from './service.js';

const config = loadConfig();
const logger = createLogger('producer', { level: config.logLevel });

const apiTokens = await resolveApiTokens(config.apiTokens, config.dataDir, logger);

const service = createProducerService({ config, logger, apiTokens });
const server = createServer(service.app);
// Above common load balancer idle timeouts, so the balancer closes idle connections first.
server.keepAliveTimeout = 65_000;

installShutdown({
  server,
  lifecycle: service.lifecycle,
  logger,
  deadlineMs: config.shutdownDeadlineMs,
  drainDelayMs: config.shutdownDrainDelayMs,
  close: () => service.close(),
});

await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
const address = server.address();
logger.info(
  {
    port: typeof address === 'object' && address ? address.port : config.port,
    host: config.host,
    brokers: config.brokers,
    topicPrefix: config.topicPrefix,
    broadcaster: config.broadcaster.isEnabled,
  },
  'producer listening',
);
// Kafka may come up after us; readiness answers 503 until it does.
void service.start();
