import type { Logger } from 'pino';

type Stoppable = { name: string; stop: () => Promise<void> };

/**
 * Ordered shutdown: what was started last stops first (HTTP before workers before stores), so
 * in-flight work can still reach the stores it needs.
 */
export class Lifecycle {
  private readonly stoppables: Stoppable[] = [];
  private shuttingDown = false;

  constructor(private readonly logger: Logger) {}

  onStop(name: string, stop: () => Promise<void>): void {
    this.stoppables.push({ name, stop });
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async stop(): Promise<void> {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const { name, stop } of [...this.stoppables].reverse()) {
      try {
        await stop();
        this.logger.info({ component: name }, 'stopped');
      } catch (error) {
        // Keep stopping the rest: a failing component must not keep the stores open.
        this.logger.error({ err: error, component: name }, 'failed to stop cleanly');
      }
    }
  }
}
