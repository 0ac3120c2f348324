import type { Container } from 'inversify';
import { type DriverDependencies, goOnline, registerDriver } from '../../src/application/driver/driver-service.js';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '../../src/application/ports/event-store.js';
import type { Coordinates } from '../../src/domain/shared/geo.js';
import type { AutoDispatchWorker } from '../../src/application/processes/auto-dispatch-worker.js';
import type { DriverAvailabilityFeed } from '../../src/infrastructure/geo/driver-availability-feed.js';
import type { LogTail } from '../../src/infrastructure/http/sse/log-tail.js';
import { TOKENS } from '../../src/infrastructure/tokens.js';
import { eventuallyValue } from './eventually.js';

/** Settings that keep e2e tests of auto-dispatch short, and the rate limits out of the way. */
export const fastDispatchEnv = (overrides: Record<string, string> = {}): Record<string, string> => ({
  OFFER_TIMEOUT_MS: '500',
  DISPATCH_TOTAL_TIMEOUT_MS: '30000',
  DISPATCH_SEARCH_RETRY_MS: '100',
  GEO_REBUILD_INTERVAL_MS: '50',
  RATE_LIMIT_PER_IP: '1000000',
  RATE_LIMIT_PER_SUBJECT: '1000000',
  ...overrides,
});

/** A point `north` and `east` metres away (good enough at city scale). */
export const offsetBy = (from: Coordinates, north: number, east: number): Coordinates => ({
  lat: from.lat + north / 111_320,
  lng: from.lng + east / (111_320 * Math.cos((from.lat * Math.PI) / 180)),
});

/** A reproducible pseudo-random sequence (mulberry32). */
export const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

export type SeedDriver = { name: string; location: Coordinates; rideTypes: string[] };

/** Registers drivers and puts them online through the application service (no HTTP round trips). */
export const seedDrivers = async (container: Container, drivers: SeedDriver[], concurrency = 50): Promise<string[]> => {
  const service = container.get<DriverDependencies>(TOKENS.DriverDependencies);
  const caller = { actor: { role: 'operator' as const, id: 'seed' }, requestId: 'seed' };
  const ids: string[] = new Array(drivers.length);
  for (let start = 0; start < drivers.length; start += concurrency) {
    await Promise.all(
      drivers.slice(start, start + concurrency).map(async ({ name, location, rideTypes }, i) => {
        const { driverId } = await registerDriver(service, { name, vehicleNo: `${name.slice(0, 6)}-1`, rideTypes }, caller);
        await goOnline(service, { driverId, location }, caller);
        ids[start + i] = driverId;
      }),
    );
  }
  return ids;
};

/** The driver index's feed, the live tail and auto-dispatch (when on) of a composed application. */
export const dispatchOf = (container: Container) => ({
  feed: container.get<DriverAvailabilityFeed>(TOKENS.AvailabilityFeed),
  tail: container.get<LogTail>(TOKENS.LogTail),
  autoDispatch: container.isBound(TOKENS.AutoDispatch) ? container.get<AutoDispatchWorker>(TOKENS.AutoDispatch) : null,
});
export const storeOf = (container: Container) => container.get<EventStore>(EVENT_STORE);

/** Waits until the driver index has seen everything in the log now. */
export const indexCaughtUp = async (container: Container) => {
  const head = await storeOf(container).headPosition();
  if (!(await dispatchOf(container).feed.waitFor(head, 10_000))) throw new Error('driver index did not catch up');
};

export const dataOf = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type).map((e) => e.data as Record<string, any>);

/** The dispatch stream of a call once it holds at least `count` events of `type`. */
export const dispatchWith = (store: EventStore, callId: string, type: string, count = 1, timeoutMs = 10_000) =>
  eventuallyValue(
    async () => {
      const events = await store.readStream(`dispatch-${callId}`);
      return dataOf(events, type).length >= count && events;
    },
    timeoutMs,
    `${count} × ${type} on dispatch-${callId}`,
  );
