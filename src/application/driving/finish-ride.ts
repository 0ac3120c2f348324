import { type DrivingEvent, type FinishMeter, type FinishRide, drivingDecider, drivingStream } from '../../domain/driving/driving.js';
import { measureRide } from '../../domain/driving/ride-track.js';
import type { Tariff } from '../../domain/driving/fare.js';
import type { Money } from '../../domain/driving/fare.js';
import { DomainError } from '../../domain/shared/domain-error.js';
import { paymentIdFor, type PaymentStatus } from '../../domain/payment/payment.js';
import { send } from '../aggregates.js';
import type { ExistingCall } from '../call/load-call.js';
import type { CommandContext } from '../command-handler.js';
import type { Caller } from '../context.js';
import type { RideTracks } from '../ports/ride-tracks.js';
import { followUp, type RideDependencies, type RideStep, stepOn } from '../ride-dependencies.js';
import { tariffFor } from '../tariff/tariffs.js';

/** Charges a requested payment within the finish request's budget and says where it stands. */
export type SettlePayment = (paymentId: string, context: CommandContext) => Promise<PaymentStatus>;

/** The fare just priced; a repeated finish appends nothing, so then it is read from the ride. */
const fareOf = async ({ commands }: RideDependencies, callId: string, appended: DrivingEvent[]): Promise<Money> => {
  const finished = appended.find((event) => event.type === 'RideFinished');
  if (finished) return finished.data.fare;
  const { state: ride } = await commands.load(drivingDecider, drivingStream(callId));
  if (ride.status !== 'finished') throw new Error(`Ride ${callId} is not finished after FinishRide`);
  return ride.fare;
};

/** What the meter needs: the driver's positions, and the zone whose clock places the night surcharges. */
export type MeterDependencies = { tracks: Pick<RideTracks, 'between'>; timeZone: string };

/** The road as the driver's positions while driving tell it (the straight line with too few). */
const meterFor = async (
  deps: RideDependencies & { meter?: MeterDependencies },
  call: ExistingCall,
  callId: string,
  driverId: string,
  tariff: Tariff,
  finishedAt: string,
): Promise<FinishMeter | undefined> => {
  if (!deps.meter) return undefined;
  const { state: ride } = await deps.commands.load(drivingDecider, drivingStream(callId));
  if (ride.status !== 'driving' || ride.driverId !== driverId) return undefined; // the decider refuses or repeats
  const track = await deps.meter.tracks.between(driverId, ride.startedAt, finishedAt);
  const measurement = measureRide({
    track,
    pickup: call.request.pickup,
    destination: call.request.destination,
    startedAt: ride.startedAt,
    finishedAt,
    ...(tariff.slowTimeRate ? { slowBelowKmh: tariff.slowTimeRate.belowKmh } : {}),
    ...(call.request.quote ? { estimateMeters: call.request.quote.estimate.distanceMeters } : {}),
  });
  return { measurement, timeZone: deps.meter.timeZone };
};

/** An operator's finish: why, and the amount they entered, if any (in the tariff's currency). */
export type ForcedBy = { reason: string; amount?: number };
const forcedFinish = (forced: ForcedBy | undefined, tariff: Tariff): Pick<FinishRide, 'forced'> => {
  if (!forced) return {};
  const { reason, amount } = forced;
  return { forced: { reason, ...(amount === undefined ? {} : { fare: { amount, currency: tariff.currency } }) } };
};

/**
 * At the destination: the ride stream prices the ride with the tariff fixed at its request and the
 * distance and slow time measured from the driver's positions; the driver is free again at once and
 * the payment requested, as the ride lifecycle would from RideFinished; and the fare is charged
 * synchronously within a short budget. A slow or broken gateway never fails the finish: the
 * payment is then PENDING and retried in the background.
 */
export const finishRide = async (
  deps: RideDependencies & { settlePayment: SettlePayment; meter?: MeterDependencies },
  { callId, driverId, forced }: RideStep & { forced?: ForcedBy },
  caller: Caller,
) => {
  const { commands } = deps;
  const { call, at, context } = await stepOn(deps, callId, caller);
  // An operator may cancel a ride under way; the meter must not then produce a charge. A cancel
  // landing after this check is not seen here: the compensation refunds that charge or voids the
  // open payment, so the race ends with no net charge (docs/architecture.md, "An operator cancel
  // racing a finish") — the gateway call cannot be locked anyway.
  if (call.status === 'cancelled') throw new DomainError('CALL_ALREADY_CANCELLED', 'This ride was cancelled', { callId });
  // The tariff fixed at the request; calls requested before requests recorded one use today's.
  const tariff = call.request.quote?.tariff ?? (await tariffFor(commands, call.request.rideType));
  const meter = await meterFor(deps, call, callId, driverId, tariff, at);
  const finished = await send(
    commands,
    {
      aggregate: 'driving',
      id: callId,
      command: {
        type: 'FinishRide',
        data: { callId, driverId, finishedAt: at, tariff, ...(meter ? { meter } : {}) },
        ...forcedFinish(forced, tariff),
      },
    },
    context,
  );
  // A repeated finish (say, after a crash before its follow-ups) appends nothing: the follow-ups are
  // decided again from the ride's RideFinished, and each of them is idempotent.
  const decisive =
    finished.events.length > 0
      ? finished.events
      : (await commands.eventsOf<DrivingEvent>(drivingStream(callId))).filter((event) => event.type === 'RideFinished');
  // Independent streams (driver, call, payment): one group commit for all, not one after another.
  await followUp(commands, decisive, context);
  const fare = await fareOf(deps, callId, finished.events);
  const paymentId = paymentIdFor(callId);
  const paymentStatus = await deps.settlePayment(paymentId, context);
  return { fare, payment: { paymentId, status: paymentStatus }, position: finished.position, revision: finished.revision };
};
