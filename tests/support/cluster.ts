import type { Container } from 'inversify';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { compose } from '../../src/infrastructure/composition-root.js';
import { startRole } from '../../src/infrastructure/roles/start-role.js';

export type Node = { url: string; container: Container; stop: () => Promise<void> };

/** One process role of a deployment, in this process, on a DATA_DIR shared with the other nodes. */
export const startNode = async (dataDir: string, env: Record<string, string>): Promise<Node> => {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const container = await compose(config);
  const { url, stop } = await startRole(container);
  return { url, container, stop };
};
