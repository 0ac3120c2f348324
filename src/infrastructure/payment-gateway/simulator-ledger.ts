import { randomUUID } from 'node:crypto';

/**
 * The simulated gateway's books: charges, refunds and the idempotency keys that guard them.
 * It behaves like a real card gateway's idempotency layer: the first request with a key decides
 * the answer (success or decline) and every repeat gets that same answer back; a key reused with
 * a different body is refused. Memory is bounded: past `maxEntries` the oldest keys and charges
 * are forgotten, as a real gateway expires keys after a day or so.
 */
// Its own types, not the domain's: this stands for a third party's API, which our model does not own.
export type Money = { amount: number; currency: string };
export type GatewayAnswer = { status: number; body: Record<string, unknown> };
export type LedgerResult = { answer: GatewayAnswer; replayed: boolean };

export type ChargeInput = { idempotencyKey: string; amount: Money; reference: string; customer?: string | undefined };
export type RefundInput = { idempotencyKey: string; chargeId: string; amount: Money };

export type StoredCharge = {
  chargeId: string;
  reference: string;
  amount: Money;
  customer?: string | undefined;
  refundedAmount: number;
  createdAt: string;
};

/** `refusals`: 4xx answers (declines, unknown charge, over-refund, reused key); `replays`: answers repeated for a known key. */
export type LedgerCounts = { chargesCreated: number; refundsCreated: number; refusals: number; replays: number };

const refusal = (status: number, code: string, message: string): GatewayAnswer => ({ status, body: { error: { code, message } } });

export class SimulatorLedger {
  private readonly keys = new Map<string, { fingerprint: string; answer: GatewayAnswer }>();
  private readonly charges = new Map<string, StoredCharge>();
  private counts: LedgerCounts = { chargesCreated: 0, refundsCreated: 0, refusals: 0, replays: 0 };

  constructor(
    private readonly maxEntries: number,
    /** Charges above this amount are declined, like a card limit: a deterministic decline for tests. */
    private readonly cardLimit: number,
  ) {}

  /** `declineReason` lets the caller inject a random decline; it is remembered like any answer. */
  charge(input: ChargeInput, declineReason?: string): LedgerResult {
    return this.once('charge', input, () => {
      if (declineReason) return refusal(402, 'CARD_DECLINED', declineReason);
      if (input.amount.amount > this.cardLimit) return refusal(402, 'CARD_LIMIT_EXCEEDED', `Amount exceeds the card limit of ${this.cardLimit}`);
      const charge: StoredCharge = {
        chargeId: `ch_${randomUUID()}`,
        reference: input.reference,
        amount: input.amount,
        customer: input.customer,
        refundedAmount: 0,
        createdAt: new Date().toISOString(),
      };
      this.charges.set(charge.chargeId, charge);
      this.counts.chargesCreated += 1;
      return { status: 201, body: { chargeId: charge.chargeId, status: 'approved', reference: charge.reference, amount: charge.amount } };
    });
  }

  refund(input: RefundInput): LedgerResult {
    return this.once('refund', input, () => {
      const charge = this.charges.get(input.chargeId);
      if (!charge) return refusal(404, 'CHARGE_NOT_FOUND', `No charge ${input.chargeId}`);
      if (charge.amount.currency !== input.amount.currency) return refusal(422, 'CURRENCY_MISMATCH', 'Refund currency differs from the charge');
      const refundable = charge.amount.amount - charge.refundedAmount;
      if (refundable === 0) return refusal(409, 'CHARGE_ALREADY_REFUNDED', `Charge ${charge.chargeId} is fully refunded`);
      if (input.amount.amount > refundable) return refusal(422, 'REFUND_EXCEEDS_CHARGE', `At most ${refundable} can be refunded`);
      charge.refundedAmount += input.amount.amount;
      this.counts.refundsCreated += 1;
      return { status: 201, body: { refundId: `re_${randomUUID()}`, chargeId: charge.chargeId, status: 'refunded', amount: input.amount } };
    });
  }

  chargesFor(reference: string): StoredCharge[] {
    return [...this.charges.values()].filter((charge) => charge.reference === reference);
  }

  stats(): LedgerCounts {
    return { ...this.counts };
  }

  reset(): void {
    this.keys.clear();
    this.charges.clear();
    this.counts = { chargesCreated: 0, refundsCreated: 0, refusals: 0, replays: 0 };
  }

  private once(operation: string, input: { idempotencyKey: string }, perform: () => GatewayAnswer): LedgerResult {
    const { idempotencyKey, ...rest } = input;
    // The operation is part of the fingerprint: a charge key replayed on /refunds is a reuse, not a replay.
    const fingerprint = `${operation}:${JSON.stringify(rest)}`;
    const known = this.keys.get(idempotencyKey);
    if (known) {
      if (known.fingerprint !== fingerprint) {
        this.counts.refusals += 1;
        return { answer: refusal(422, 'IDEMPOTENCY_KEY_REUSED', 'This idempotency key was used with a different request'), replayed: false };
      }
      this.counts.replays += 1;
      return { answer: known.answer, replayed: true };
    }
    const answer = perform();
    if (answer.status >= 400) this.counts.refusals += 1;
    this.keys.set(idempotencyKey, { fingerprint, answer });
    this.evictOldest();
    return { answer, replayed: false };
  }

  private evictOldest(): void {
    // Maps iterate in insertion order, so the first entries are the oldest.
    for (const map of [this.keys, this.charges] as Map<string, unknown>[]) {
      while (map.size > this.maxEntries) {
        const oldest = map.keys().next();
        if (oldest.done) break;
        map.delete(oldest.value);
      }
    }
  }
}
