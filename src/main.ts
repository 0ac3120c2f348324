import { ConfigError, loadConfig } from './infrastructure/config/config.js';
import { compose } from './infrastructure/composition-root.js';
import { startRole } from './infrastructure/roles/start-role.js';
import { TOKENS } from './infrastructure/tokens.js';
import { resolve } from './infrastructure/composition/binding.js';

const main = async () => {
  const config = loadConfig();
  const container = await compose(config);
  const logger = resolve(container, TOKENS.Logger);
  const lifecycle = resolve(container, TOKENS.Lifecycle);
  const { url, listensOn } = await startRole(container);
  const reach = listensOn.startsWith('0.0.0.0') || listensOn.startsWith('[::]') ? ` on every interface (this machine: ${url})` : ` (${url})`;
  logger.info(
    { url, listensOn, role: config.ROLE, dataDir: config.DATA_DIR },
    `Taxi dispatch (${config.ROLE}) listens on ${listensOn}${reach}; API docs at ${url}/docs`,
  );

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void lifecycle.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
};

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
