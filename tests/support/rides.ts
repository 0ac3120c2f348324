import type { Container } from 'inversify';
import { type EventStore, EVENT_STORE, type RecordedEvent } from '../../src/application/ports/event-store.js';
import { type ApiClient, onlineDriver, seoul } from './http-client.js';

/** One whole ride over HTTP: request, accept, start, finish. */
export const rideToTheEnd = async (api: ApiClient, driverId: string, passengerId: string) => {
  const requested = await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam });
  const callId = requested.body.callId as string;
  await api.post(`/api/calls/${callId}/accept`, { driverId });
  await api.post(`/api/calls/${callId}/start`, { driverId });
  const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
  return { callId, finished };
};

/** `count` rides over `lanes` drivers riding in parallel, each driver one ride after the other. */
export const manyRides = async (api: ApiClient, count: number, lanes: number, prefix = 'p') => {
  const drivers = await Promise.all(Array.from({ length: lanes }, (_, i) => onlineDriver(api, `Lane${i}`)));
  const rides: Array<Awaited<ReturnType<typeof rideToTheEnd>>> = [];
  await Promise.all(
    drivers.map(async (driverId, lane) => {
      for (let i = lane; i < count; i += lanes) rides.push(await rideToTheEnd(api, driverId, `${prefix}-${i}`));
    }),
  );
  return rides;
};

export const eventStoreOf = (container: Container) => container.get<EventStore>(EVENT_STORE);

export const allEvents = async (store: EventStore): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (;;) {
    const batch = await store.readAll({ after: events.at(-1)?.position ?? 0, maxCount: 5_000 });
    if (batch.length === 0) return events;
    events.push(...batch);
  }
};

/** The payment status of each call, from the log: the last settling event of its payment stream. */
export const paymentStatuses = async (store: EventStore, callIds: string[]) => {
  const statuses = new Map<string, string>();
  for (const callId of callIds) {
    const types = (await store.readStream(`payment-pay-${callId}`)).map((e) => e.type);
    const last = types.filter((t) => t !== 'PaymentDeferred').at(-1);
    statuses.set(
      callId,
      (
        {
          PaymentRequested: 'PENDING',
          PaymentApproved: 'APPROVED',
          PaymentFailed: 'FAILED',
          PaymentRefunded: 'REFUNDED',
          PaymentVoidRequested: 'PENDING',
          PaymentVoided: 'VOIDED',
          PaymentWaived: 'WAIVED',
          PaymentRetried: 'PENDING',
        } as Record<string, string>
      )[last ?? ''] ?? 'NONE',
    );
  }
  return statuses;
};

export { eventually } from './eventually.js';

/**
 * The events someone is told about, written out here rather than asked of src, so a notifier
 * that drops an event fails the tests: every status change of the ride to its passenger, the
 * first deferral of a payment ("pending") and not its retries, and a driver whose assignment
 * was cancelled.
 */
const PASSENGER_IS_TOLD = new Set([
  'CallRequested',
  'DriverAccepted',
  'RideStarted',
  'RideFinished',
  'CallCancelled',
  'CallExpired',
  'PaymentApproved',
  'PaymentFailed',
  'PaymentRefunded',
]);
export const isNotified = (event: RecordedEvent): boolean => {
  const data = event.data as { attempt?: unknown; reason?: unknown };
  if (event.type === 'PaymentDeferred') return data.attempt === 1;
  if (event.type === 'DriverReleased') return data.reason === 'CALL_CANCELLED';
  return PASSENGER_IS_TOLD.has(event.type);
};

/** Every notification the log calls for: one per status change, identified by its event. */
export const expectedNotificationIds = async (store: EventStore) => new Set((await allEvents(store)).filter(isNotified).map((e) => e.eventId));
