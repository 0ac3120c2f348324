import {
  BrokenCircuitError,
  CircuitState as BreakerState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleType,
  handleWhen,
  retry,
  timeout,
  wrap,
  type CircuitBreakerPolicy,
  type IBackoffFactory,
  type TimeoutPolicy,
} from 'cockatiel';
import type { CircuitState } from '../../application/ports/payment-gateway.js';

/**
 * The cockatiel policies around every gateway call, outermost first:
 * retry (transient failures only, exponential backoff with decorrelated jitter, never past the
 * budget) → circuit breaker (shared by all calls: one gateway, one health) → per-attempt
 * cooperative timeout (aborts the fetch). Nothing here knows HTTP; an attempt signals a failure
 * worth retrying by throwing `TransientGatewayError`.
 */
export type ResilienceOptions = {
  attemptTimeoutMs: number;
  /** Attempts per call, the first one included. */
  maxAttempts: number;
  /** Default total time of one call, retries and backoff included. */
  budgetMs: number;
  backoff: { initialDelayMs: number; maxDelayMs: number };
  breaker: { consecutiveFailures: number; halfOpenAfterMs: number };
};

/** Timeout, connection error, 5xx or 429: the gateway may answer differently next time. */
export class TransientGatewayError extends Error {
  override readonly name = 'TransientGatewayError';
  constructor(
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Payment gateway transient failure: ${reason}`, options);
  }
}

/** The budget ran out between attempts; the gateway was not asked again, so it is not its fault. */
class BudgetExhaustedError extends Error {
  override readonly name = 'BudgetExhaustedError';
}

export type Guarded<T> = { kind: 'answered'; value: T } | { kind: 'unavailable'; reason: string };
export type CallOptions = { signal?: AbortSignal; budgetMs?: number };

/** An attempt shorter than this is not worth starting: no gateway answers that fast under stress. */
const MIN_ATTEMPT_MS = 100;

const portState = (state: BreakerState): CircuitState => {
  switch (state) {
    case BreakerState.Closed:
      return 'closed';
    case BreakerState.HalfOpen:
      return 'half-open';
    case BreakerState.Open:
    case BreakerState.Isolated:
      return 'open';
    default: {
      const _exhaustive: never = state;
      return _exhaustive;
    }
  }
};

/** Caps every backoff delay so that at least one useful attempt still fits in the budget. */
const withinBudget = (factory: IBackoffFactory<unknown>, remainingMs: () => number): IBackoffFactory<unknown> => ({
  next(context) {
    const step = factory.next(context);
    return {
      duration: Math.max(0, Math.min(step.duration, remainingMs() - MIN_ATTEMPT_MS)),
      next: (next) => withinBudget(step, remainingMs).next(next),
    };
  },
});

export class GatewayResilience {
  private readonly breaker: CircuitBreakerPolicy;
  private readonly attemptTimeout: TimeoutPolicy;
  private readonly backoff: ExponentialBackoff<unknown>;

  constructor(private readonly options: ResilienceOptions) {
    // Only transient failures count: a decline is a healthy gateway saying no.
    this.breaker = circuitBreaker(handleType(TransientGatewayError), {
      halfOpenAfter: options.breaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breaker.consecutiveFailures),
    });
    this.attemptTimeout = timeout(options.attemptTimeoutMs, TimeoutStrategy.Cooperative);
    this.backoff = new ExponentialBackoff({ initialDelay: options.backoff.initialDelayMs, maxDelay: options.backoff.maxDelayMs });
  }

  /**
   * Runs `attempt` under the policies. Resolves `unavailable` when the breaker is open, the budget
   * is spent or the attempts are exhausted; rejects with the caller's abort reason when the caller
   * aborts, and with any non-transient error the attempt throws (a bug, not gateway trouble).
   */
  async run<T>(
    attempt: (signal: AbortSignal) => Promise<T>,
    { signal: caller, budgetMs = this.options.budgetMs }: CallOptions = {},
  ): Promise<Guarded<T>> {
    caller?.throwIfAborted();
    const deadline = performance.now() + budgetMs;
    const remainingMs = () => deadline - performance.now();
    const call = new AbortController();
    const budgetTimer = setTimeout(() => call.abort(new BudgetExhaustedError(`Budget of ${budgetMs} ms spent`)), budgetMs);
    const forwardAbort = () => call.abort(caller?.reason);
    caller?.addEventListener('abort', forwardAbort, { once: true });
    // Per call, because the backoff and the retry decision depend on this call's budget.
    const retries = retry(
      handleWhen((error) => error instanceof TransientGatewayError && remainingMs() > MIN_ATTEMPT_MS),
      { maxAttempts: this.options.maxAttempts - 1, backoff: withinBudget(this.backoff, remainingMs) },
    );
    try {
      const value = await wrap(retries, this.breaker, this.attemptTimeout).execute(async ({ signal }) => {
        if (call.signal.aborted) throw call.signal.reason;
        try {
          return await attempt(signal);
        } catch (error) {
          // The attempt sees its fetch aborted either way; a caller's abort is not the gateway's fault.
          if (caller?.aborted) throw caller.reason;
          throw error;
        }
      }, call.signal);
      return { kind: 'answered', value };
    } catch (error) {
      if (error instanceof BrokenCircuitError) return { kind: 'unavailable', reason: 'circuit breaker open' };
      if (error instanceof TransientGatewayError) return { kind: 'unavailable', reason: error.reason };
      if (error instanceof BudgetExhaustedError) return { kind: 'unavailable', reason: 'budget exhausted' };
      throw error;
    } finally {
      clearTimeout(budgetTimer);
      caller?.removeEventListener('abort', forwardAbort);
    }
  }

  /** Cockatiel moves an open breaker to half-open lazily, on the first call after `halfOpenAfterMs`. */
  circuitState(): CircuitState {
    return portState(this.breaker.state);
  }

  onBreakerStateChange(listener: (state: CircuitState) => void): () => void {
    const subscription = this.breaker.onStateChange((state) => listener(portState(state)));
    return () => subscription.dispose();
  }
}
