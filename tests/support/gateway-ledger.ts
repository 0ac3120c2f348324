import { type ApiClient } from './http-client.js';
import { eventually } from './eventually.js';

/** One charge as the gateway simulator's books hold it. */
export type LedgerCharge = { chargeId: string; amount: { amount: number }; refundedAmount: number };

/** What the gateway holds for a payment: every charge booked under its reference. */
export const chargesAt = async (gatewayUrl: string, paymentId: string): Promise<LedgerCharge[]> =>
  ((await (await fetch(`${gatewayUrl}/charges?reference=${encodeURIComponent(paymentId)}`)).json()) as { charges: LedgerCharge[] }).charges;

/** Money the passenger is out of for this payment: charged minus refunded. */
export const netCharged = (charges: LedgerCharge[]) => charges.reduce((sum, charge) => sum + charge.amount.amount - charge.refundedAmount, 0);

/**
 * The gateway's books against what the service says, for a cancelled ride: nothing left charged,
 * and the payment status tells what happened — REFUNDED when a charge was booked, VOIDED when none.
 */
export const cancelledRideSettlement = async (api: ApiClient, gatewayUrl: string, callId: string) => {
  const charges = await chargesAt(gatewayUrl, `pay-${callId}`);
  const call = await api.get(`/api/calls/${callId}`);
  return {
    net: netCharged(charges),
    // A finished ride an operator cancels stays FINISHED (it was driven); the cancel shows in cancelledAt.
    story: `${call.body.cancelledAt ? 'cancelled' : 'not cancelled'}, ${call.body.paymentStatus} after ${charges.length} charge(s)`,
    expected: `cancelled, ${charges.length > 0 ? 'REFUNDED' : 'VOIDED'} after ${charges.length} charge(s)`,
  };
};

/** Waits until every cancelled ride is settled as the books say, then answers each ride's settlement. */
export const settledCancelledRides = async (api: ApiClient, gatewayUrl: string, callIds: string[], timeoutMs: number) => {
  let last: Array<Awaited<ReturnType<typeof cancelledRideSettlement>>> = [];
  await eventually(
    async () => {
      last = await Promise.all(callIds.map((callId) => cancelledRideSettlement(api, gatewayUrl, callId)));
      return last.every((ride) => ride.net === 0 && ride.story === ride.expected);
    },
    timeoutMs,
    'every cancelled ride settled with no net charge',
    200,
  ).catch(() => undefined);
  return last;
};
