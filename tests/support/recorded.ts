import { randomUUID } from 'node:crypto';
import { asRecordedEvent, type RecordedEvent } from '../../src/application/ports/event-store.js';
import { callIdOf, type LogEvent } from '../../src/domain/events.js';

/** Turns domain events into recorded ones with increasing positions, as the store would. */
export const recordAll = (events: LogEvent[], startAt = 1): RecordedEvent[] =>
  events.map((event, index) =>
    asRecordedEvent({
      ...event,
      eventId: randomUUID(),
      streamName: `test-${callIdOf(event) ?? 'x'}`,
      revision: index,
      position: startAt + index,
      metadata: {
        correlationId: callIdOf(event) ?? 'x',
        causationId: 'test',
        actor: { role: 'system', id: 'test' },
        timestamp: new Date(Date.UTC(2026, 10, 25, 9, 0, index)).toISOString(),
      },
    }),
  );

/**
 * An event built loosely, by type name and partial data: for tests of how readers treat events
 * they do not follow or do not know (a newer version's), which the typed union cannot spell.
 */
export const looseEvent = (type: string, data: object): LogEvent => ({ type, data }) as LogEvent;

export const seoulStation = { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' };
export const gangnam = { lat: 37.4979, lng: 127.0276, address: 'Gangnam Station' };

/** The events of one whole ride, as the write side produces them, in log order. */
export const aWholeRide = (callId = 'call-1', passengerId = 'p-1', driverId = 'd-1'): LogEvent[] => [
  {
    type: 'CallRequested',
    data: { callId, passengerId, pickup: seoulStation, destination: gangnam, rideType: 'STANDARD', requestedAt: '2026-11-25T09:00:00.000Z' },
  },
  { type: 'DriverAssigned', data: { driverId, callId, at: '2026-11-25T09:01:00.000Z' } },
  { type: 'DriverAccepted', data: { callId, driverId, driverName: 'Kim', vehicleNo: '12가3456', acceptedAt: '2026-11-25T09:01:00.000Z' } },
  { type: 'CallDispatched', data: { callId, driverId, vehicleNo: '12가3456', dispatchedAt: '2026-11-25T09:01:00.000Z' } },
  { type: 'DispatchCompleted', data: { callId, passengerId, driverId, completedAt: '2026-11-25T09:05:00.000Z' } },
  { type: 'RideStarted', data: { callId, passengerId, driverId, startedAt: '2026-11-25T09:05:00.000Z' } },
  {
    type: 'RideFinished',
    data: {
      callId,
      passengerId,
      driverId,
      startedAt: '2026-11-25T09:05:00.000Z',
      finishedAt: '2026-11-25T09:17:30.000Z',
      durationSeconds: 750,
      fare: { amount: 13000, currency: 'KRW' },
    },
  },
  {
    type: 'PaymentRequested',
    data: { paymentId: `pay-${callId}`, callId, passengerId, amount: { amount: 13000, currency: 'KRW' }, requestedAt: '2026-11-25T09:17:30.000Z' },
  },
  { type: 'PaymentApproved', data: { paymentId: `pay-${callId}`, callId, gatewayReference: 'ch_1', approvedAt: '2026-11-25T09:17:31.000Z' } },
];
