import { AVAILABLE_DRIVERS } from '../../application/ports/available-drivers.js';
import { CLOCK } from '../../application/ports/clock.js';
import { CHECKPOINT_STORE } from '../../application/ports/checkpoint-store.js';
import { DRIVER_POSITIONS } from '../../application/ports/driver-positions.js';
import { EVENT_STORE } from '../../application/ports/event-store.js';
import { READ_STORE } from '../../application/ports/read-store.js';
import { RIDE_TRACKS } from '../../application/ports/ride-tracks.js';
import type { Config } from '../config/config.js';
import { DriverAvailabilityFeed } from '../geo/driver-availability-feed.js';
import { DriverSpatialIndex } from '../geo/driver-spatial-index.js';
import { GroupCommittedDriverPositions, GroupCommittedRideTracks } from '../geo/group-committed-pings.js';
import { LocallyIndexedDriverPositions } from '../geo/locally-indexed-driver-positions.js';
import { driverPositionsKind, openDriverPositions } from '../geo/open-driver-positions.js';
import { openRideTracks } from '../geo/open-ride-tracks.js';
import { LogTail } from '../http/sse/log-tail.js';
import { OfferBoard } from '../http/sse/offer-board.js';
import { TOKENS } from '../tokens.js';
import { loggerFor, resolve, compositionModule } from './binding.js';

/**
 * Finding drivers and streaming to clients. A ping reaches the index of the process that received
 * it at once; in a split deployment (or with several API replicas) the pings go to a shared store
 * (SQLite file or MongoDB, DRIVER_POSITIONS) and the workers' availability feed reads what changed
 * there every DRIVER_POSITIONS_REFRESH_MS. What runs them is bound in followers.ts.
 */
export const dispatchModule = (config: Config) =>
  compositionModule((bind) => {
    bind(TOKENS.OpenedDriverPositions).toDynamicValue((ctx) => {
      const opened = openDriverPositions(config);
      resolve(ctx, TOKENS.Lifecycle).onStop('driver positions', opened.close);
      loggerFor(ctx, 'dispatch').info({ driverPositions: opened.kind }, 'driver positions store opened');
      return opened;
    });
    // A driver silent for longer than DRIVER_STALE_AFTER_MS is AWAY: auto-dispatch never finds them.
    bind(TOKENS.DriverIndex).toDynamicValue((ctx) => {
      const clock = resolve(ctx, CLOCK);
      return new DriverSpatialIndex({ presence: { staleAfterMs: config.DRIVER_STALE_AFTER_MS, now: () => clock.now().getTime() } });
    });
    bind(AVAILABLE_DRIVERS).toService(TOKENS.DriverIndex);
    // Saves a ping and moves the driver in this process's index at once.
    // Pings are stored in group commits (a few ms), drained on stop before the store closes.
    bind(DRIVER_POSITIONS).toDynamicValue((ctx) => {
      const batched = new GroupCommittedDriverPositions(resolve(ctx, TOKENS.OpenedDriverPositions).store);
      resolve(ctx, TOKENS.Lifecycle).onStop('driver position batches', () => batched.drain());
      return new LocallyIndexedDriverPositions(batched, resolve(ctx, TOKENS.DriverIndex));
    });
    // Every ping, kept RIDE_TRACK_RETENTION_MS, for measuring rides at finish (pruned by the api role);
    // in memory, a waiting driver's only for a few minutes.
    bind(RIDE_TRACKS).toDynamicValue((ctx) => {
      const feed = driverPositionsKind(config) === 'memory' ? resolve(ctx, TOKENS.AvailabilityFeed) : null;
      const tracks = openRideTracks(config, feed ? (driverId) => feed.isFree(driverId) : undefined);
      const lifecycle = resolve(ctx, TOKENS.Lifecycle);
      lifecycle.onStop('ride tracks', tracks.close);
      const batched = new GroupCommittedRideTracks(tracks.store);
      lifecycle.onStop('ride track batches', () => batched.drain());
      return batched;
    });
    bind(TOKENS.AvailabilityFeed).toDynamicValue((ctx) => {
      const opened = resolve(ctx, TOKENS.OpenedDriverPositions);
      return new DriverAvailabilityFeed({
        eventStore: resolve(ctx, EVENT_STORE),
        readStore: resolve(ctx, READ_STORE),
        positions: opened.store,
        index: resolve(ctx, TOKENS.DriverIndex),
        logger: loggerFor(ctx, 'dispatch'),
        rebuildIntervalMs: config.GEO_REBUILD_INTERVAL_MS,
        ...(opened.shared ? { refresh: { intervalMs: config.DRIVER_POSITIONS_REFRESH_MS } } : {}),
      });
    });
    bind(TOKENS.LogTail).toDynamicValue((ctx) => {
      const tail = new LogTail(resolve(ctx, EVENT_STORE), loggerFor(ctx, 'dispatch'));
      resolve(ctx, TOKENS.Lifecycle).onStop('live tail', () => tail.stop());
      return tail;
    });
    bind(TOKENS.OfferBoard).toDynamicValue(
      (ctx) => new OfferBoard(resolve(ctx, TOKENS.LogTail), resolve(ctx, EVENT_STORE), resolve(ctx, CHECKPOINT_STORE)),
    );
  });
