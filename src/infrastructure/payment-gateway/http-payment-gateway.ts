import { request } from 'undici';
import { z } from 'zod';
import type {
  ChargeOutcome,
  ChargeRequest,
  CircuitState,
  GatewayCallOptions,
  PaymentGateway,
  RefundOutcome,
  RefundRequest,
} from '../../application/ports/payment-gateway.js';
import { GatewayResilience, type ResilienceOptions, TransientGatewayError } from './gateway-resilience.js';

/**
 * The payment gateway port over the gateway's HTTP API (the simulator speaks the same API).
 * Every attempt of one call sends the same idempotency key, so retries, timeouts after the
 * gateway already charged, and later "pay later" retries never charge twice.
 */
export type HttpPaymentGatewayOptions = {
  baseUrl: string;
  attemptTimeoutMs?: number;
  maxAttempts?: number;
  budgetMs?: number;
  backoff?: Partial<ResilienceOptions['backoff']>;
  breaker?: Partial<ResilienceOptions['breaker']>;
};

export const HTTP_GATEWAY_DEFAULTS: ResilienceOptions = {
  attemptTimeoutMs: 800,
  maxAttempts: 3,
  budgetMs: 2_000,
  backoff: { initialDelayMs: 100, maxDelayMs: 500 },
  breaker: { consecutiveFailures: 5, halfOpenAfterMs: 5_000 },
};

type Answer = { status: number; body: unknown };

const approvedCharge = z.object({ chargeId: z.string().min(1), status: z.literal('approved') });
const completedRefund = z.object({ refundId: z.string().min(1), status: z.literal('refunded') });
const refusal = z.object({ error: z.object({ code: z.string().min(1) }) });

/** 408 and 429 are the 4xx that mean "not now" rather than "no". */
const isTransientStatus = (status: number) => status >= 500 || status === 408 || status === 429;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // An empty body or a proxy's HTML page: the body is unknown, which the caller handles.
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
};

export class HttpPaymentGateway implements PaymentGateway {
  private readonly resilience: GatewayResilience;
  private readonly baseUrl: string;

  constructor(options: HttpPaymentGatewayOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    const defaults = HTTP_GATEWAY_DEFAULTS;
    this.resilience = new GatewayResilience({
      attemptTimeoutMs: options.attemptTimeoutMs ?? defaults.attemptTimeoutMs,
      maxAttempts: Math.max(1, options.maxAttempts ?? defaults.maxAttempts),
      budgetMs: options.budgetMs ?? defaults.budgetMs,
      backoff: { ...defaults.backoff, ...options.backoff },
      breaker: { ...defaults.breaker, ...options.breaker },
    });
  }

  async charge(request: ChargeRequest, options?: GatewayCallOptions): Promise<ChargeOutcome> {
    const body = { idempotencyKey: request.idempotencyKey, amount: request.amount, reference: request.paymentId, customer: request.passengerId };
    const result = await this.resilience.run((signal) => this.post('/charges', body, signal), options);
    if (result.kind === 'unavailable') return result;
    const { status, body: answer } = result.value;
    if (status >= 400) return { kind: 'declined', reason: refusalCode(status, answer) };
    const approved = approvedCharge.safeParse(answer);
    // A 2xx we cannot read leaves the outcome unknown: "pay later" retries with the same key find out.
    if (!approved.success) return { kind: 'unavailable', reason: `unreadable gateway answer (HTTP ${status})` };
    return { kind: 'approved', gatewayReference: approved.data.chargeId };
  }

  async refund(request: RefundRequest, options?: GatewayCallOptions): Promise<RefundOutcome> {
    const body = { idempotencyKey: request.idempotencyKey, chargeId: request.gatewayReference, amount: request.amount };
    const result = await this.resilience.run((signal) => this.post('/refunds', body, signal), options);
    if (result.kind === 'unavailable') return result;
    const { status, body: answer } = result.value;
    if (status >= 400) return { kind: 'declined', reason: refusalCode(status, answer) };
    const refunded = completedRefund.safeParse(answer);
    if (!refunded.success) return { kind: 'unavailable', reason: `unreadable gateway answer (HTTP ${status})` };
    return { kind: 'refunded', gatewayReference: refunded.data.refundId };
  }

  circuitState(): CircuitState {
    return this.resilience.circuitState();
  }

  /** For metrics and logs; returns the unsubscribe function. */
  onBreakerStateChange(listener: (state: CircuitState) => void): () => void {
    return this.resilience.onBreakerStateChange(listener);
  }

  /** One attempt: a definitive answer (2xx or a refusing 4xx) or a `TransientGatewayError`. */
  private async post(path: string, payload: object, signal: AbortSignal): Promise<Answer> {
    let status: number;
    let text: string;
    try {
      // undici's request, not fetch: the same client under fetch, without the WHATWG streams and
      // Response objects, which cost more CPU than the rest of a finish did (profiled).
      const response = await request(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(payload),
        signal,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      // It rejects only on abort (our timeout) or a network failure; both are worth a retry.
      throw new TransientGatewayError(signal.aborted ? 'timeout' : `connection failed: ${networkCause(error)}`, { cause: error });
    }
    // Retry-After is not honoured: within a budget of a second or two a later "pay later" retry is the better wait.
    if (isTransientStatus(status)) throw new TransientGatewayError(`HTTP ${status}`);
    return { status, body: parseJson(text) };
  }
}

/** What failed on the network (ECONNREFUSED, …): the error itself, or its cause when wrapped. */
const networkCause = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? error.cause.message : error.message;
};

const refusalCode = (status: number, body: unknown): string => {
  const parsed = refusal.safeParse(body);
  return parsed.success ? parsed.data.error.code : `HTTP ${status}`;
};
