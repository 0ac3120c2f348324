import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Container } from 'inversify';
import type { Clock } from '../../src/application/ports/clock.js';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { compose } from '../../src/infrastructure/composition-root.js';
import { startRole } from '../../src/infrastructure/roles/start-role.js';

export type TestApp = { url: string; container: Container; dataDir: string; server: Server; stop: () => Promise<void> };

/** The whole system on the embedded stores, in a fresh data directory, on a free port. */
export const startTestApp = async (env: Record<string, string> = {}, options: { keepDataDir?: boolean; clock?: Clock } = {}): Promise<TestApp> => {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'taxi-e2e-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...env, DATA_DIR: dataDir });
  const container = await compose(config, options.clock ? { clock: options.clock } : {});
  const { url, stop, server } = await startRole(container);
  return {
    url,
    server,
    container,
    dataDir,
    stop: async () => {
      await stop();
      if (!options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
