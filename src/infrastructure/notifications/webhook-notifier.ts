import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleType,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { Webhook } from 'standardwebhooks';
import type { DeliveryOutcome, Notifier, OutgoingNotification } from '../../application/ports/notifier.js';

export type WebhookNotifierOptions = {
  url: string;
  /** Attempts per notification, the first one included. */
  maxAttempts?: number;
  attemptTimeoutMs?: number;
  backoff?: { initialDelayMs: number; maxDelayMs: number };
  /** Consecutive failed attempts that open the breaker, and how long it stays open before one probe. */
  breaker?: { consecutiveFailures: number; halfOpenAfterMs: number };
  /** Signs each attempt (Standard Webhooks); `whsec_…` base64 as the standard writes it, else the raw string. */
  secret?: string;
};

/** Timeout, connection error, 5xx, 408 or 429: the receiver may take it next time. */
class TransientWebhookError extends Error {
  override readonly name = 'TransientWebhookError';
}

const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * Delivers notifications as `POST <NOTIFY_WEBHOOK_URL>` with a JSON body and the notification id
 * as `Idempotency-Key`: every attempt and every later redelivery of one notification carries the
 * same key, so the receiver drops repeats. Attempts are retried with exponential backoff; a
 * breaker shared by all deliveries fails fast while the receiver is down, so an outage parks
 * notifications quickly instead of slowing the log down by the whole retry schedule each.
 */
export class WebhookNotifier implements Notifier {
  private readonly policy: IPolicy;
  private readonly signer: Webhook | undefined;

  constructor(private readonly options: WebhookNotifierOptions) {
    const backoff = options.backoff ?? { initialDelayMs: 100, maxDelayMs: 2_000 };
    const breakerOptions = options.breaker ?? { consecutiveFailures: 5, halfOpenAfterMs: 5_000 };
    const retries = retry(handleType(TransientWebhookError), {
      maxAttempts: Math.max(0, (options.maxAttempts ?? 3) - 1),
      backoff: new ExponentialBackoff({ initialDelay: backoff.initialDelayMs, maxDelay: backoff.maxDelayMs }),
    });
    const breaker = circuitBreaker(handleType(TransientWebhookError), {
      halfOpenAfter: breakerOptions.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(breakerOptions.consecutiveFailures),
    });
    this.signer =
      options.secret === undefined
        ? undefined
        : options.secret.startsWith('whsec_')
          ? new Webhook(options.secret)
          : new Webhook(options.secret, { format: 'raw' });
    this.policy = wrap(retries, breaker, timeout(options.attemptTimeoutMs ?? 2_000, TimeoutStrategy.Cooperative));
  }

  async deliver(notification: OutgoingNotification): Promise<DeliveryOutcome> {
    try {
      // A signal per delivery: without one, cockatiel hangs every concurrent delivery's timeout on one
      // shared never-aborted signal (NOTIFY_CONCURRENCY of them), which Node reports as a listener leak.
      const status = await this.policy.execute(({ signal }) => this.post(notification, signal), new AbortController().signal);
      if (status >= 400) return { kind: 'rejected', reason: `HTTP ${status}` };
      return { kind: 'delivered' };
    } catch (error) {
      if (error instanceof BrokenCircuitError) return { kind: 'unavailable', reason: 'circuit breaker open' };
      if (error instanceof TransientWebhookError) return { kind: 'unavailable', reason: error.message };
      throw error;
    }
  }

  /**
   * Standard Webhooks headers: the id stays the same across attempts (the receiver's dedup key),
   * the timestamp is this attempt's, so a receiver's replay window holds for a late redelivery.
   */
  private signatureHeaders(id: string, body: string): Record<string, string> {
    if (!this.signer) return {};
    const at = new Date();
    return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': this.signer.sign(id, at, body) };
  }

  /** One attempt: the status of a definitive answer, or a TransientWebhookError. */
  private async post(notification: OutgoingNotification, signal: AbortSignal): Promise<number> {
    let response: Response;
    try {
      const body = JSON.stringify(notification);
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': notification.notificationId,
          ...this.signatureHeaders(notification.notificationId, body),
        },
        body,
        signal,
      });
      await response.arrayBuffer();
    } catch (error) {
      throw new TransientWebhookError(
        signal.aborted
          ? 'timeout'
          : `connection failed: ${error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error)}`,
      );
    }
    if (isTransientStatus(response.status)) throw new TransientWebhookError(`HTTP ${response.status}`);
    return response.status;
  }
}
