import type { Logger } from 'pino';
import type { Lease, LeaseStore } from '../../application/ports/lease-store.js';
import type { BackgroundWorker } from '../roles/background-worker.js';

export type LeasedWorkerOptions = {
  leases: LeaseStore;
  /** This replica's identity; unique per process (and per composition in tests). */
  owner: string;
  ttlMs: number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => number;
};

/**
 * Runs a worker in exactly one replica at a time. Every replica starts one of these per worker;
 * the one that gets the lease starts the worker and renews the lease every third of its TTL, the
 * others try again at that pace and take over within one TTL after the holder died (at once after
 * a graceful stop, which releases it). A holder that cannot renew in time — the store is gone,
 * the process hung past its expiry — stops the worker before anybody else may take over.
 *
 * Leases narrow the overlap to (almost) nothing; they do not make it impossible (a process can
 * freeze between its check and its effect). What makes any overlap harmless is that every effect
 * is idempotent: deciders answer `[]` to repeated commands, the gateway deduplicates on the
 * payment id, notifications carry the event id.
 */
export class LeasedWorker implements BackgroundWorker {
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private ticking: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    private readonly worker: BackgroundWorker,
    private readonly options: LeasedWorkerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get name(): string {
    return this.worker.name;
  }

  /** True while this replica holds the lease and runs the worker. */
  get isLeader(): boolean {
    return this.lease !== null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.ticking;
    await this.resign();
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => this.schedule(Math.max(50, Math.floor(this.options.ttlMs / 3))));
    }, delayMs);
  }

  private async tick(): Promise<void> {
    const { leases, owner, ttlMs, logger } = this.options;
    try {
      if (this.lease) {
        const renewed = await leases.renew(this.lease, ttlMs);
        if (renewed) {
          this.lease = renewed;
          return;
        }
        logger.warn({ worker: this.name, owner }, 'lease lost; stopping the worker');
        await this.stopWorker();
        return;
      }
      const acquired = await leases.tryAcquire(this.name, owner, ttlMs);
      if (!acquired || !this.running) {
        if (acquired) await leases.release(acquired);
        return;
      }
      this.lease = acquired;
      logger.info({ worker: this.name, owner, token: acquired.token }, 'lease acquired; starting the worker');
      this.worker.start();
    } catch (error) {
      logger.error({ worker: this.name, err: error }, 'lease store failed');
      // Cannot tell whether we still hold it: past the expiry somebody else may, so step down.
      if (this.lease && this.now() >= this.lease.expiresAt - ttlMs / 3) await this.stopWorker();
    }
  }

  private async stopWorker(): Promise<void> {
    this.lease = null;
    await this.worker.stop();
  }

  private async resign(): Promise<void> {
    const lease = this.lease;
    if (!lease) return;
    await this.stopWorker();
    await this.options.leases
      .release(lease)
      .catch((error: unknown) => this.options.logger.warn({ worker: this.name, err: error }, 'lease not released; it will expire'));
  }
}
