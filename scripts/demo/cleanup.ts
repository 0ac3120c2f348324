import { inParallel } from './fleet.js';
import { type DemoHttp, everyPage, isTransient } from './http.js';
import type { CallLedger, CallRecord } from './passengers.js';
import { type Tally, recordFailure } from './tally.js';

type CallView = { status: string; driverId: string | null };

/** Reads of a call before the sweep gives it up (a call that keeps changing under it is reported, not looped on). */
const ATTEMPTS = 6;
const SWEEP_CONCURRENCY = 16;

/**
 * One call the run requested and has not seen end: a ride on the road is finished by its driver,
 * anything before that is cancelled by its passenger (the passenger may cancel until the ride
 * starts). A refusal means the call moved on meanwhile (accepted, started, finished by dispatch):
 * it is read again and handled as it is now.
 */
const clear = async (http: DemoHttp, call: Pick<CallRecord, 'callId' | 'token'>, tally: Tally, driverTokens: Map<string, Promise<string>>) => {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const view = await http.patiently<CallView>('GET', `/api/calls/${call.callId}`, call.token, undefined);
    if (view.status !== 200) return recordFailure(tally, 'sweep read', view.status, view.code);
    const { status, driverId } = view.body;
    if (status === 'FINISHED' || status === 'CANCELLED') return true;
    const done =
      status === 'DRIVING' && driverId
        ? await finishAs(http, call, driverId, tally, driverTokens)
        : await http.patiently('POST', `/api/calls/${call.callId}/cancel`, call.token, { reason: 'the demo city closes' });
    if (done.status === 200) {
      if (status !== 'DRIVING') tally.cancelled += 1;
      return true;
    }
    if (!isTransient(done) && done.status !== 409) return recordFailure(tally, 'sweep', done.status, done.code);
  }
  return false;
};

const finishAs = async (
  http: DemoHttp,
  call: Pick<CallRecord, 'callId'>,
  driverId: string,
  tally: Tally,
  driverTokens: Map<string, Promise<string>>,
) => {
  if (!driverTokens.has(driverId)) driverTokens.set(driverId, http.token('driver', driverId));
  const token = await driverTokens.get(driverId)!;
  const answer = await http.patiently<{ payment: { status: string } }>('POST', `/api/calls/${call.callId}/finish`, token, { driverId });
  if (answer.status === 200) {
    tally.finished += 1;
    if (answer.body.payment.status === 'APPROVED') tally.paid += 1;
    else tally.paymentPending += 1;
  }
  return answer;
};

/** Calls made by requests that never got an answer, found in their passengers' own lists. */
const findUnanswered = async (http: DemoHttp, ledger: CallLedger) => {
  await inParallel(ledger.unanswered, SWEEP_CONCURRENCY, async ({ passengerId, token }) => {
    const calls = await http.patiently<{ items: Array<{ callId: string }> }>('GET', `/api/passengers/${passengerId}/calls`, token, undefined);
    for (const { callId } of calls.status === 200 ? calls.body.items : []) ledger.add({ callId, passengerId, token, requestedAt: Number.NaN });
  });
};

/** Finishes or cancels every call of the run still open; returns the ids it could not clear. */
export const sweepOpenCalls = async (http: DemoHttp, ledger: CallLedger, tally: Tally): Promise<string[]> => {
  await findUnanswered(http, ledger);
  const left: string[] = [];
  const driverTokens = new Map<string, Promise<string>>();
  await inParallel(ledger.open(), SWEEP_CONCURRENCY, async (call) => {
    if (await clear(http, call, tally, driverTokens)) ledger.closed(call.callId);
    else left.push(call.callId);
  });
  return left;
};

type OpenCall = { callId: string; passengerId: string; driverId: string | null };

/**
 * The last net: whatever the operator's list still shows open for the run's passengers or taxis
 * (a call the ledger missed, a ride a taxi lost track of) is cleared with the operator's rights.
 */
export const sweepByOperator = async (http: DemoHttp, prefixes: { driver: string; passenger: string }, tally: Tally): Promise<string[]> => {
  const token = await http.token('operator', 'demo-operator');
  const ofRun = (call: OpenCall) => call.passengerId.startsWith(prefixes.passenger) || Boolean(call.driverId?.startsWith(prefixes.driver));
  const open = (await everyPage<OpenCall>(http, token, '/api/calls?status=REQUESTED,DISPATCHED,DRIVING')).filter(ofRun);
  const left: string[] = [];
  const driverTokens = new Map<string, Promise<string>>();
  await inParallel(open, SWEEP_CONCURRENCY, async (call) => {
    if (!(await clear(http, { callId: call.callId, token }, tally, driverTokens))) left.push(call.callId);
  });
  return left;
};
