import type { Router } from 'express';
import type { Logger } from 'pino';
import type { CommandHandler } from '../../application/command-handler.js';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { Clock } from '../../application/ports/clock.js';
import type { DriverPositions } from '../../application/ports/driver-positions.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { ReadStore } from '../../application/ports/read-store.js';
import { AutoDispatchWorker } from '../../application/processes/auto-dispatch-worker.js';
import type { Config } from '../config/config.js';
import { DriverAvailabilityFeed } from '../geo/driver-availability-feed.js';
import { DriverSpatialIndex } from '../geo/driver-spatial-index.js';
import { LocallyIndexedDriverPositions } from '../geo/locally-indexed-driver-positions.js';
import type { OpenedDriverPositions } from '../geo/open-driver-positions.js';
import { openRideTracks } from '../geo/open-ride-tracks.js';
import type { RideTracks } from '../../application/ports/ride-tracks.js';
import { callEventRoutes } from '../http/routes/call-events.js';
import { driverLocationRoutes } from '../http/routes/driver-location.js';
import { offerRoutes } from '../http/routes/offers.js';
import { LogTail } from '../http/sse/log-tail.js';
import { OfferBoard } from '../http/sse/offer-board.js';
import type { Lifecycle } from '../lifecycle.js';
import type { Metrics } from '../metrics/metrics.js';
import type { BackgroundWorker } from './background-worker.js';

export type DispatchComponentDependencies = {
  config: Config;
  lifecycle: Lifecycle;
  logger: Logger;
  eventStore: EventStore;
  readStore?: ReadStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  /** The driver positions store, opened by the composition root. */
  opened: OpenedDriverPositions;
  /** Counts the open event streams (taxi_sse_open_streams). */
  metrics?: Pick<Metrics, 'streamOpened'>;
};

export type DispatchComponents = {
  index: DriverSpatialIndex;
  /** Saves a ping and moves the driver in this process's index at once. */
  positions: DriverPositions;
  feed: DriverAvailabilityFeed;
  /** Every ping, kept RIDE_TRACK_RETENTION_MS, for measuring rides at finish. */
  tracks: RideTracks;
  autoDispatch: AutoDispatchWorker | null;
  tail: LogTail;
  board: OfferBoard;
  /** For the `workers` role: the availability feed first (the index), then auto-dispatch. */
  workers: BackgroundWorker[];
  /** For the `api` role, started before it serves: the offer board. */
  apiFollowers: BackgroundWorker[];
  /** For the `api` role: location pings, offers and decline, live call status. */
  routers: () => Router[];
};

/**
 * Finding drivers and streaming to clients, wired once. A ping reaches the index of the process
 * that received it at once; in a split deployment (or with several API replicas) the pings go to a
 * shared store (SQLite file or MongoDB, DRIVER_POSITIONS) and the workers' availability feed reads
 * what changed there every DRIVER_POSITIONS_REFRESH_MS. Auto-dispatch runs without a lease on
 * purpose: every one of its steps is decided on the dispatch stream with a deterministic offer id,
 * so competing replicas are harmless, and a second live replica takes over a dead one's timers at
 * once instead of after a lease TTL.
 */
export const dispatchComponents = (deps: DispatchComponentDependencies): DispatchComponents => {
  const { config, lifecycle, logger, eventStore, readStore, commands, checkpoints, clock, opened, metrics } = deps;
  const index = new DriverSpatialIndex();
  const positions = new LocallyIndexedDriverPositions(opened.store, index);
  const tracks = openRideTracks(config);
  const pruning = setInterval(
    () => {
      tracks.store
        .prune(new Date(clock.now().getTime() - config.RIDE_TRACK_RETENTION_MS).toISOString())
        .catch((error: unknown) => logger.warn({ err: error }, 'pruning ride tracks failed'));
    },
    Math.min(600_000, config.RIDE_TRACK_RETENTION_MS),
  ).unref();
  lifecycle.onStop('ride tracks', async () => {
    clearInterval(pruning);
    await tracks.close();
  });
  const log = logger.child({ component: 'dispatch' });
  log.info({ driverPositions: opened.kind }, 'driver positions store opened');
  const feed = new DriverAvailabilityFeed({
    eventStore,
    readStore,
    positions: opened.store,
    index,
    logger: log,
    rebuildIntervalMs: config.GEO_REBUILD_INTERVAL_MS,
    ...(opened.shared ? { refresh: { intervalMs: config.DRIVER_POSITIONS_REFRESH_MS } } : {}),
  });
  const autoDispatch = config.AUTO_DISPATCH
    ? new AutoDispatchWorker({
        eventStore,
        commands,
        checkpoints,
        clock,
        drivers: index,
        logger: log,
        settings: {
          offerTimeoutMs: config.OFFER_TIMEOUT_MS,
          totalTimeoutMs: config.DISPATCH_TOTAL_TIMEOUT_MS,
          searchRetryMs: config.DISPATCH_SEARCH_RETRY_MS,
          radiiMetres: config.DISPATCH_SEARCH_RADII_M,
        },
        ready: () => feed.caughtUp(),
      })
    : null;

  const tail = new LogTail(eventStore, log);
  const board = new OfferBoard(tail, eventStore, checkpoints);
  // The board is started and stopped by the api role (start-role.ts), before this.
  lifecycle.onStop('live tail', () => tail.stop());
  const sseFor = (stream: 'offers' | 'call') => ({
    heartbeatMs: config.SSE_HEARTBEAT_MS,
    isShuttingDown: () => lifecycle.isShuttingDown,
    ...(metrics ? { opened: () => metrics.streamOpened(stream) } : {}),
  });

  return {
    index,
    positions,
    feed,
    tracks: tracks.store,
    autoDispatch,
    tail,
    board,
    workers: autoDispatch ? [feed, autoDispatch] : [feed],
    apiFollowers: [
      {
        name: 'offer-board',
        // Offers made from now on are known to the board, so a driver who connects sees what is pending.
        start: () => void board.start().catch((error: unknown) => log.error({ err: error }, 'offer board failed to start')),
        stop: () => board.stop(),
      },
    ],
    routers: () => {
      return [
        driverLocationRoutes({ commands, clock, positions, tracks: tracks.store, knownOnline: (driverId) => feed.isOnline(driverId) }),
        offerRoutes({ commands, clock, eventStore, tail, board, logger: log, sse: sseFor('offers') }),
        callEventRoutes({ eventStore, tail, logger: log, sse: sseFor('call'), positions }),
      ];
    },
  };
};
