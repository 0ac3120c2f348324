import { request } from 'undici';
import { z } from 'zod';
import type {
  ChargeLookup,
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

/**
 * What is not given; the server passes its settings (PAYMENT_GATEWAY_* in config.ts). A card
 * authorisation takes one to a few seconds, so an attempt is given 4 s and the call's budget
 * (always passed by the use cases) decides how many fit; the breaker opens on a run of failures
 * no healthy gateway produces, and probes twice a minute.
 */
export const HTTP_GATEWAY_DEFAULTS: ResilienceOptions = {
  attemptTimeoutMs: 4_000,
  maxAttempts: 3,
  budgetMs: 5_000,
  backoff: { initialDelayMs: 100, maxDelayMs: 500 },
  breaker: { consecutiveFailures: 10, halfOpenAfterMs: 30_000 },
};

type Answer = { status: number; body: unknown };

const approvedCharge = z.object({ chargeId: z.string().min(1), status: z.literal('approved') });
const completedRefund = z.object({ refundId: z.string().min(1), status: z.literal('refunded') });
const foundCharges = z.object({ charges: z.array(z.object({ chargeId: z.string().min(1) })) });
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

  /**
   * Maps to the gateway's charge search by merchant reference, `GET /charges?reference=<paymentId>`
   * (every charge is sent with `reference: paymentId`), answering `{ charges: [{ chargeId, … }] }`.
   * Card gateways offer the same look-up (Stripe: search charges by metadata; Toss Payments:
   * `GET /v1/payments/orders/{orderId}`); an adapter for one of them maps it here.
   */
  async findCharge(paymentId: string, options?: GatewayCallOptions): Promise<ChargeLookup> {
    const path = `/charges?reference=${encodeURIComponent(paymentId)}`;
    const result = await this.resilience.run((signal) => this.send('GET', path, undefined, signal), options);
    if (result.kind === 'unavailable') return result;
    const { status, body } = result.value;
    const found = foundCharges.safeParse(body);
    if (status >= 400 || !found.success) return { kind: 'unavailable', reason: `unreadable gateway answer (HTTP ${status})` };
    const [charge] = found.data.charges;
    return charge ? { kind: 'found', gatewayReference: charge.chargeId } : { kind: 'none' };
  }

  circuitState(): CircuitState {
    return this.resilience.circuitState();
  }

  /** For metrics and logs; returns the unsubscribe function. */
  onBreakerStateChange(listener: (state: CircuitState) => void): () => void {
    return this.resilience.onBreakerStateChange(listener);
  }

  /** One attempt: a definitive answer (2xx or a refusing 4xx) or a `TransientGatewayError`. */
  private post(path: string, payload: object, signal: AbortSignal): Promise<Answer> {
    return this.send('POST', path, payload, signal);
  }

  private async send(method: 'GET' | 'POST', path: string, payload: object | undefined, signal: AbortSignal): Promise<Answer> {
    let status: number;
    let text: string;
    try {
      // undici's request, not fetch: the same client under fetch, without the WHATWG streams and
      // Response objects, which cost more CPU than the rest of a finish did (profiled).
      const response = await request(`${this.baseUrl}${path}`, {
        method,
        headers: payload ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
        body: payload ? JSON.stringify(payload) : null,
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
