import { randomBytes } from 'node:crypto';
import type { Clock } from '../../application/ports/clock.js';
import type { AuthenticatedActor } from './token-verifier.js';

export type StreamTicket = { ticket: string; expiresAt: string };

/** Tickets outstanding at once: past this, the oldest go first (a ticket is redeemed within seconds). */
const MAX_OUTSTANDING = 100_000;

/**
 * Short-lived, single-use credentials for a browser's EventSource, which cannot send an
 * Authorization header: the console trades its bearer token (through a header) for a ticket and
 * puts only the ticket in the stream's URL. A URL lands in logs, proxies and browser histories;
 * a ticket found there is already spent, or expired seconds later, where a bearer token would
 * have been good for hours. Held in this process's memory: the stream must be opened on the
 * process that issued the ticket (one process, or a balancer that keeps a client on one).
 */
export class StreamTickets {
  private readonly issued = new Map<string, { actor: AuthenticatedActor; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  issue(actor: AuthenticatedActor): StreamTicket {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = now + this.ttlMs;
    this.issued.set(ticket, { actor, expiresAt });
    return { ticket, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** The caller the ticket was issued to, once: a second use, an expired or unknown ticket is null. */
  redeem(ticket: string): AuthenticatedActor | null {
    const entry = this.issued.get(ticket);
    if (!entry) return null;
    this.issued.delete(ticket);
    return entry.expiresAt > this.clock.now().getTime() ? entry.actor : null;
  }

  private sweep(now: number): void {
    for (const [ticket, entry] of this.issued) {
      // Insertion order is expiry order (one TTL for all): the first live one ends the sweep.
      if (entry.expiresAt > now && this.issued.size < MAX_OUTSTANDING) break;
      this.issued.delete(ticket);
    }
  }
}
