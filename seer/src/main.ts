import { installShutdown } from '@kafkloud/streamer/http';
import { createLogger } from '@kafkloud/streamer/logger';
import { loadConfig } from './config.js';
import { createSeer } from './service.js';

const config = loadConfig();
const logger = createLogger('seer', { level: config.logLevel });
const seer = createSeer(config, logger);

if (config.apiTokens.length === 0) {
  logger.warn('KAFKLOUD_API_TOKENS is empty: writes are open (allowed only in local mode)');
}

const server = seer.app.listen(config.port, config.host, () => {
  seer.lifecycle.state = 'running';
  logger.info(
    {
      url: `http://${config.host}:${config.port}`,
      chroma: config.chromaUrl,
      collection: seer.store.collection,
      embedder: seer.embedder.id,
    },
    'seer listening',
  );
});
server.on('error', (error) => {
  logger.fatal({ err: error }, 'cannot listen');
  process.exit(1);
});

installShutdown({
  server,
  lifecycle: seer.lifecycle,
  logger,
  deadlineMs: config.shutdownDeadlineMs,
  close: () => seer.stop(),
});

void seer.startConsuming();
