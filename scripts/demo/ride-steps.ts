import type { Place } from './driver-channel.js';
import type { Point } from './geo.js';
import { type Answer, isTransient } from './http.js';
import type { TaxiContext } from './taxi.js';
import { recordFailure } from './tally.js';

export type Ride = { callId: string; pickup: Place; destination: Place; phase: 'to-pickup' | 'arrived' | 'driving'; refusals: number };
type Driver = { driverId: string; token: string; at: Point };
type CallView = { status: string; driverId: string | null };

/** Refusals of `arrive` (NOT_AT_PICKUP while the last ping is still on its way) before starting regardless. */
const ARRIVE_ATTEMPTS = 3;

const same = (a: Point, b: Point) => a.lat === b.lat && a.lng === b.lng;

/**
 * A refused step means the taxi and the server disagree about the ride: the call says who is right.
 * The taxi keeps the ride while the server has it on it, and lets it go only when the call is over
 * or belongs to someone else. Dropping a ride on any refusal (as the first demo did) left calls
 * DISPATCHED or DRIVING with their taxi ON_RIDE forever.
 */
const reconcile = async ({ http, report }: TaxiContext, driver: Driver, ride: Ride): Promise<Ride | null> => {
  const call = await http.send<CallView>('GET', `/api/calls/${ride.callId}`, driver.token);
  if (isTransient(call)) return ride;
  if (call.status !== 200) return null;
  const { status, driverId } = call.body;
  if (status === 'FINISHED' || status === 'CANCELLED') return (report.callClosed(ride.callId), null);
  if (driverId !== driver.driverId) return null;
  if (status === 'DRIVING') return { ...ride, phase: 'driving' };
  if (status === 'DISPATCHED') return { ...ride, refusals: ride.refusals + 1 };
  return null;
};

const refused = (context: TaxiContext, driver: Driver, ride: Ride, what: string, answer: Answer<unknown>) => {
  // The call went to another taxi (an accept that never landed, a reassignment): a lost race, not a fault.
  if (answer.code === 'NOT_ASSIGNED_DRIVER') context.tally.conflicts += 1;
  else recordFailure(context.tally, what, answer.status, answer.code);
  return isTransient(answer) ? ride : reconcile(context, driver, ride);
};

const arrive = async (context: TaxiContext, driver: Driver, ride: Ride): Promise<Ride | null> => {
  const answer = await context.http.send('POST', `/api/calls/${ride.callId}/arrive`, driver.token, {});
  if (answer.status === 200) context.tally.arrived += 1;
  // A server without the arrive step answers 404 ROUTE_NOT_FOUND: the taxi simply starts.
  if (answer.status === 200 || answer.code === 'ROUTE_NOT_FOUND') return { ...ride, phase: 'arrived', refusals: 0 };
  if (answer.code === 'NOT_AT_PICKUP')
    return ride.refusals + 1 >= ARRIVE_ATTEMPTS ? { ...ride, phase: 'arrived' } : { ...ride, refusals: ride.refusals + 1 };
  return refused(context, driver, ride, 'arrive', answer);
};

const start = async (context: TaxiContext, driver: Driver, ride: Ride): Promise<Ride | null> => {
  const answer = await context.http.send('POST', `/api/calls/${ride.callId}/start`, driver.token, { driverId: driver.driverId });
  if (answer.status !== 200) return refused(context, driver, ride, 'start', answer);
  context.tally.started += 1;
  return { ...ride, phase: 'driving', refusals: 0 };
};

type Finished = { fare: { amount: number }; payment: { status: string } };

const finish = async (context: TaxiContext, driver: Driver, ride: Ride, final: boolean): Promise<Ride | null> => {
  const path = `/api/calls/${ride.callId}/finish`;
  const body = { driverId: driver.driverId };
  const answer = final
    ? await context.http.patiently<Finished>('POST', path, driver.token, body, { onRetry: () => (context.tally.throttled += 1) })
    : await context.http.send<Finished>('POST', path, driver.token, body);
  if (answer.status !== 200) return refused(context, driver, ride, 'finish', answer);
  const { tally, report } = context;
  tally.finished += 1;
  tally.revenue += answer.body.fare.amount;
  if (answer.body.payment.status === 'APPROVED') tally.paid += 1;
  else tally.paymentPending += 1;
  report.callClosed(ride.callId);
  return null;
};

/** The ride's next step once the taxi is where it needs to be: arrive, start, finish. */
export const ride = (context: TaxiContext, driver: Driver, current: Ride, options: { final?: boolean } = {}): Promise<Ride | null> | Ride => {
  switch (current.phase) {
    case 'to-pickup':
      return same(driver.at, current.pickup) ? arrive(context, driver, current) : current;
    case 'arrived':
      return start(context, driver, current);
    case 'driving':
      return same(driver.at, current.destination) || options.final ? finish(context, driver, current, Boolean(options.final)) : current;
    default: {
      const _exhaustive: never = current.phase;
      return _exhaustive;
    }
  }
};
