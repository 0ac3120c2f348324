import type { Container } from 'inversify';
import { draftNotification } from '../../src/application/notifications/outgoing-notifications.js';
import { type EventStore, EVENT_STORE, type RecordedEvent } from '../../src/application/ports/event-store.js';
import { type ApiClient, onlineDriver, seoul } from './http-client.js';

/** One whole ride over HTTP: request, accept, start, finish; the finish answer is timed. */
export const rideToTheEnd = async (api: ApiClient, driverId: string, passengerId: string) => {
  const requested = await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam });
  const callId = requested.body.callId as string;
  await api.post(`/api/calls/${callId}/accept`, { driverId });
  await api.post(`/api/calls/${callId}/start`, { driverId });
  const started = performance.now();
  const finished = await api.post(`/api/calls/${callId}/finish`, { driverId });
  return { callId, finished, finishMs: performance.now() - started };
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
    statuses.set(callId, ({ PaymentRequested: 'PENDING', PaymentApproved: 'APPROVED', PaymentFailed: 'FAILED', PaymentRefunded: 'REFUNDED', PaymentVoided: 'VOIDED', PaymentWaived: 'WAIVED', PaymentRetried: 'PENDING' } as Record<string, string>)[last ?? ''] ?? 'NONE');
  }
  return statuses;
};

/** Polls until `check` passes or the time is up; returns how long it took. */
export const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, intervalMs = 50): Promise<number> => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return Date.now() - started;
};

/** Every notification the log calls for: one per status change, identified by its event. */
export const expectedNotificationIds = async (store: EventStore) => new Set((await allEvents(store)).filter((e) => draftNotification(e) !== null).map((e) => e.eventId));
