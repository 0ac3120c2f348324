import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';

type Window = { totalHits: number; resetTime: Date };

/**
 * Fixed windows per key in this process's memory, counted as express-rate-limit's MemoryStore
 * counts them (a key's window starts at its first hit and lasts `windowMs`; keys not hit for a
 * whole window are dropped together), but answered at once: the store's promise per hit, and the
 * library's four awaits around it, were most of what a limit cost a command.
 */
export class WindowCounts {
  private current = new Map<string, Window>();
  private previous = new Map<string, Window>();

  constructor(private readonly windowMs: number) {
    setInterval(() => {
      this.previous = this.current;
      this.current = new Map();
    }, windowMs).unref();
  }

  hit(key: string): ClientRateLimitInfo {
    const now = Date.now();
    let window = this.current.get(key);
    if (!window) {
      window = this.previous.get(key) ?? { totalHits: 0, resetTime: new Date(now + this.windowMs) };
      this.previous.delete(key);
      this.current.set(key, window);
    }
    if (window.resetTime.getTime() <= now) {
      window.totalHits = 0;
      window.resetTime = new Date(now + this.windowMs);
    }
    window.totalHits += 1;
    return { totalHits: window.totalHits, resetTime: window.resetTime };
  }
}

/** A shared store (MongoDB) as a counter: its hits are counted where every replica counts them. */
export const sharedCounts = (store: Store, windowMs: number): { hit: (key: string) => ClientRateLimitInfo | Promise<ClientRateLimitInfo> } => {
  // The store reads only the window from the options it is given. One that fails to start is
  // still asked (a hit it cannot count lets the request through, as express-rate-limit did).
  void Promise.resolve(store.init?.({ windowMs } as Options)).catch(() => undefined);
  return { hit: (key) => store.increment(key) };
};
