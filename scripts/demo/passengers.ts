import { setTimeout as sleep } from 'node:timers/promises';
import { randomPoint } from './geo.js';
import { type DemoHttp, isTransient } from './http.js';
import { type Tally, recordException, recordFailure } from './tally.js';

/** Every call the run requested: who asked (to cancel it at the end), when, when its first offer reached a taxi. */
export type CallRecord = { callId: string; passengerId: string; token: string; requestedAt: number; firstOfferAt: number | null; closed: boolean };

export class CallLedger {
  private readonly calls = new Map<string, CallRecord>();
  /** Passengers whose request never got an answer: their calls, if any, are looked up before the sweep. */
  readonly unanswered: Array<{ passengerId: string; token: string }> = [];
  /** Offers can reach a taxi before the request's answer reaches the passenger. */
  private readonly earlyOffers = new Map<string, number>();

  add(record: Omit<CallRecord, 'firstOfferAt' | 'closed'>) {
    this.calls.set(record.callId, { ...record, firstOfferAt: this.earlyOffers.get(record.callId) ?? null, closed: false });
    this.earlyOffers.delete(record.callId);
  }

  offerSeen(callId: string, at: number) {
    const call = this.calls.get(callId);
    if (!call) this.earlyOffers.set(callId, Math.min(at, this.earlyOffers.get(callId) ?? at));
    else if (call.firstOfferAt === null || at < call.firstOfferAt) call.firstOfferAt = at;
  }

  closed(callId: string) {
    const call = this.calls.get(callId);
    if (call) call.closed = true;
  }

  get(callId: string) {
    return this.calls.get(callId);
  }

  /** Calls the run has not seen end: the ones to finish or cancel before it exits. */
  open() {
    return [...this.calls.values()].filter((call) => !call.closed);
  }

  get size() {
    return this.calls.size;
  }

  /** Milliseconds from each request to the first offer (calls found after an unanswered request have no request time) a taxi received for it. */
  requestToOffer() {
    return [...this.calls.values()].flatMap((call) =>
      call.firstOfferAt === null || !Number.isFinite(call.requestedAt) ? [] : [Math.max(0, call.firstOfferAt - call.requestedAt)],
    );
  }
}

export type PassengerOptions = { callsPerSecond: number; idPrefix: string };

/** Requests in flight at most: past it the server is not keeping up, and the run slows down with it. */
const MAX_IN_FLIGHT = 64;

const requestOne = async (http: DemoHttp, ledger: CallLedger, tally: Tally, passengerId: string, n: number) => {
  const token = await http.token('passenger', passengerId);
  const [pickup, destination] = [randomPoint(), randomPoint()];
  const requestedAt = Date.now();
  const body = {
    pickup: { ...pickup, address: `Demo pickup ${n + 1}` },
    destination: { ...destination, address: `Demo destination ${n + 1}` },
    rideType: 'STANDARD',
  };
  // A request left without an answer may have made the call: asked again under the same key, the
  // server answers with that call, so the run knows every call it has to end.
  const answer = await http.patiently<{ callId: string }>('POST', '/api/calls', token, body, {
    headers: { 'idempotency-key': `${passengerId}-request` },
    onRetry: (refused) => recordFailure(tally, 'request', refused.status, refused.code),
  });
  if (answer.status !== 201) {
    if (isTransient(answer)) ledger.unanswered.push({ passengerId, token });
    return recordFailure(tally, 'request', answer.status, answer.code);
  }
  tally.requested += 1;
  ledger.add({ callId: answer.body.callId, passengerId, token, requestedAt });
};

/** Passengers calling from random places in central Seoul at `callsPerSecond`, each a new passenger, until the signal. */
export const callTaxis = async (http: DemoHttp, ledger: CallLedger, options: PassengerOptions, tally: Tally, signal: AbortSignal) => {
  const inFlight = new Set<Promise<void>>();
  const every = 1_000 / options.callsPerSecond;
  const begun = Date.now();
  for (let n = 0; !signal.aborted; n += 1) {
    const request = requestOne(http, ledger, tally, `${options.idPrefix}-${n}`, n).catch((error: unknown) =>
      recordException(tally, 'passenger', error),
    );
    inFlight.add(request);
    void request.finally(() => inFlight.delete(request));
    if (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
    // Paced against the clock, with a little jitter, so a slow answer does not lower the rate.
    const due = begun + (n + 1 + (Math.random() - 0.5) * 0.4) * every - Date.now();
    await sleep(Math.max(0, due), undefined, { signal }).catch(() => undefined);
  }
  await Promise.all(inFlight);
};
