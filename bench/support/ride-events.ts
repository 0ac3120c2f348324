import { randomUUID } from 'node:crypto';
import { newEventId } from '../../src/application/command-handler.js';
import type { NewEvent } from '../../src/application/ports/event-store.js';
import type { DomainEvent } from '../../src/domain/shared/decider.js';

/** An event addressed to its stream, in the order the write side would append it. */
export type StreamEvent = { stream: string; event: NewEvent };

const seoulStation = { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' };
const gangnam = { lat: 37.4979, lng: 127.0276, address: 'Gangnam Station' };

export const newEvent = (event: DomainEvent, correlationId: string, timestamp: string): NewEvent => ({
  eventId: newEventId(),
  type: event.type,
  data: event.data,
  metadata: { correlationId, causationId: randomUUID(), actor: { role: 'system', id: 'bench' }, timestamp },
});

/** A driver joining: registered, then online at Seoul Station. */
export const driverJoins = (driverId: string, at = new Date()): StreamEvent[] => {
  const timestamp = at.toISOString();
  const stream = `driver-${driverId}`;
  return [
    {
      stream,
      event: newEvent(
        {
          type: 'DriverRegistered',
          data: { driverId, name: `Bench ${driverId.slice(0, 6)}`, vehicleNo: '12가3456', rideTypes: ['STANDARD'], registeredAt: timestamp },
        },
        driverId,
        timestamp,
      ),
    },
    {
      stream,
      event: newEvent(
        { type: 'DriverWentOnline', data: { driverId, location: { lat: seoulStation.lat, lng: seoulStation.lng }, at: timestamp } },
        driverId,
        timestamp,
      ),
    },
  ];
};

/**
 * Every event of one whole ride, across its five streams, as the use cases and the ride process
 * manager write them (11 events): the realistic mix every read model has to digest.
 */
export const wholeRide = (callId: string, driverId: string, passengerId: string, at = new Date()): StreamEvent[] => {
  const t = (seconds: number) => new Date(at.getTime() + seconds * 1000).toISOString();
  const paymentId = `pay-${callId}`;
  const fare = { amount: 13000, currency: 'KRW' };
  const rows: Array<[string, DomainEvent, number]> = [
    [
      `call-${callId}`,
      { type: 'CallRequested', data: { callId, passengerId, pickup: seoulStation, destination: gangnam, rideType: 'STANDARD', requestedAt: t(0) } },
      0,
    ],
    [`driver-${driverId}`, { type: 'DriverAssigned', data: { driverId, callId, at: t(60) } }, 60],
    [`dispatch-${callId}`, { type: 'DriverAccepted', data: { callId, driverId, driverName: 'Kim', vehicleNo: '12가3456', acceptedAt: t(60) } }, 60],
    [`call-${callId}`, { type: 'CallDispatched', data: { callId, driverId, vehicleNo: '12가3456', dispatchedAt: t(60) } }, 60],
    [`dispatch-${callId}`, { type: 'DispatchCompleted', data: { callId, passengerId, driverId, completedAt: t(300) } }, 300],
    [`driving-${callId}`, { type: 'RideStarted', data: { callId, passengerId, driverId, startedAt: t(300) } }, 300],
    [
      `driving-${callId}`,
      { type: 'RideFinished', data: { callId, passengerId, driverId, startedAt: t(300), finishedAt: t(1050), durationSeconds: 750, fare } },
      1050,
    ],
    [`driver-${driverId}`, { type: 'DriverReleased', data: { driverId, callId, reason: 'RIDE_FINISHED', at: t(1050) } }, 1050],
    [`payment-${paymentId}`, { type: 'PaymentRequested', data: { paymentId, callId, passengerId, amount: fare, requestedAt: t(1050) } }, 1050],
    [`payment-${paymentId}`, { type: 'PaymentApproved', data: { paymentId, callId, gatewayReference: `ch_${callId}`, approvedAt: t(1051) } }, 1051],
    [`call-${callId}`, { type: 'CallCompleted', data: { callId, completedAt: t(1050) } }, 1050],
  ];
  return rows.map(([stream, event, seconds]) => ({ stream, event: newEvent(event, callId, t(seconds)) }));
};

export const EVENTS_PER_RIDE = 11;

/**
 * An endless, deterministic supply of ride events for `drivers` drivers: driver joins first, then
 * whole rides round-robin over the drivers. Each event comes with its stream's next revision.
 */
export function* rideEventSupply(drivers: number): Generator<StreamEvent & { revision: number }> {
  const revisions = new Map<string, number>();
  const next = (item: StreamEvent) => {
    const revision = (revisions.get(item.stream) ?? -1) + 1;
    revisions.set(item.stream, revision);
    // Finished streams are never appended to again: forget them, so memory stays flat.
    if (item.event.type === 'CallCompleted')
      for (const prefix of ['call-', 'dispatch-', 'driving-', 'payment-pay-'])
        revisions.delete(`${prefix}${(item.event.data as { callId: string }).callId}`);
    return { ...item, revision };
  };
  const driverIds = Array.from({ length: drivers }, () => randomUUID());
  for (const driverId of driverIds) for (const item of driverJoins(driverId)) yield next(item);
  for (let ride = 0; ; ride++) {
    for (const item of wholeRide(randomUUID(), driverIds[ride % drivers]!, `p-${ride % 10_000}`)) yield next(item);
  }
}
