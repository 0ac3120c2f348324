export type PingRateLimitOptions = {
  /** Messages per second a driver may send sustained. */
  perSecond: number;
  /** How many may come at once (an app catching up after a tunnel). */
  burst: number;
  /** Dropped within one second beyond which the channel is closed: a flood, not a lagging app. */
  closeAfterDropsPerSecond: number;
};

export const DEFAULT_PING_RATE_LIMIT: PingRateLimitOptions = { perSecond: 10, burst: 50, closeAfterDropsPerSecond: 200 };

/** ok: take it · drop: drop it silently · tell: drop it and say so (once a second) · close: end the channel. */
export type Verdict = 'ok' | 'drop' | 'tell' | 'close';

/**
 * A token bucket per channel: `burst` messages at once, `perSecond` sustained. Excess messages are
 * dropped, and the driver is told once per second, so the warnings themselves cannot flood the
 * app; a driver dropping more than `closeAfterDropsPerSecond` in a second is closed.
 */
export class PingRateLimit {
  private tokens: number;
  private refilledAt: number;
  private windowStart = Number.NEGATIVE_INFINITY;
  private droppedInWindow = 0;

  constructor(
    private readonly options: PingRateLimitOptions = DEFAULT_PING_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = options.burst;
    this.refilledAt = now();
  }

  take(): Verdict {
    const now = this.now();
    this.tokens = Math.min(this.options.burst, this.tokens + ((now - this.refilledAt) * this.options.perSecond) / 1_000);
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'ok';
    }
    if (now - this.windowStart >= 1_000) {
      this.windowStart = now;
      this.droppedInWindow = 1;
      return 'tell';
    }
    this.droppedInWindow += 1;
    return this.droppedInWindow > this.options.closeAfterDropsPerSecond ? 'close' : 'drop';
  }
}
