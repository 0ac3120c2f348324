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
  /**
   * Names an older version took this worker's lease under. They are held too, so during a rolling
   * update an old replica (which knows only the old name) and a new one never run it together.
   */
  legacyNames?: readonly string[];
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
  /** This worker's lease, then its legacy ones; empty while another replica runs the worker. */
  private leases: Lease[] = [];
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
    return this.leases.length > 0;
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
    const { owner, ttlMs, logger } = this.options;
    try {
      if (this.isLeader) {
        const renewed = await Promise.all(this.leases.map((lease) => this.options.leases.renew(lease, ttlMs)));
        if (renewed.every((lease) => lease !== null)) {
          this.leases = renewed;
          return;
        }
        logger.warn({ worker: this.name, owner }, 'lease lost; stopping the worker');
        await this.resign();
        return;
      }
      const acquired = await this.acquireAll();
      if (acquired.length === 0) return;
      this.leases = acquired;
      logger.info({ worker: this.name, owner, token: acquired[0]!.token }, 'lease acquired; starting the worker');
      this.worker.start();
    } catch (error) {
      logger.error({ worker: this.name, err: error }, 'lease store failed');
      // Cannot tell whether we still hold it: past the expiry somebody else may, so step down.
      const expiresAt = Math.min(...this.leases.map((lease) => lease.expiresAt));
      if (this.isLeader && this.now() >= expiresAt - ttlMs / 3) await this.stopWorker();
    }
  }

  /** Every name's lease, or none: one held elsewhere means another replica runs the worker. */
  private async acquireAll(): Promise<Lease[]> {
    const { leases, owner, ttlMs, legacyNames = [] } = this.options;
    const acquired: Lease[] = [];
    for (const name of [this.name, ...legacyNames]) {
      const lease = await leases.tryAcquire(name, owner, ttlMs);
      if (!lease || !this.running) {
        if (lease) acquired.push(lease);
        await Promise.all(acquired.map((held) => leases.release(held)));
        return [];
      }
      acquired.push(lease);
    }
    return acquired;
  }

  private async stopWorker(): Promise<void> {
    this.leases = [];
    await this.worker.stop();
  }

  private async resign(): Promise<void> {
    const held = this.leases;
    if (held.length === 0) return;
    await this.stopWorker();
    await Promise.all(held.map((lease) => this.options.leases.release(lease))).catch((error: unknown) =>
      this.options.logger.warn({ worker: this.name, err: error }, 'lease not released; it will expire'),
    );
  }
}
