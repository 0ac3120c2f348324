import { checkpointNames } from '../../application/ports/checkpoint-store.js';
import type { DriverPositions } from '../../application/ports/driver-positions.js';
import type { EventStore, RecordedEvent } from '../../application/ports/event-store.js';
import type { ReadStore } from '../../application/ports/read-store.js';
import { LogFollower, type FollowerLogger } from '../../application/log-follower/log-follower.js';
import { type DriverView, driversProjection } from '../../projections/drivers/drivers.projection.js';
import { applyEvent, keyFor } from '../../projections/projection.js';
import type { DriverSpatialIndex } from './driver-spatial-index.js';

export type DriverAvailabilityFeedOptions = {
  eventStore: EventStore;
  positions: DriverPositions;
  index: DriverSpatialIndex;
  /** The drivers read model: start from it and its checkpoint instead of replaying the whole log. */
  readStore?: ReadStore;
  logger: FollowerLogger;
  /** How often moved drivers are folded into a fresh KD-tree. */
  rebuildIntervalMs?: number;
  /**
   * Set when `positions` is a store other processes write to: read what changed there every
   * `intervalMs`, each read reaching `overlapMs` (default 5 s) behind the newest position seen.
   */
  refresh?: { intervalMs: number; overlapMs?: number };
};

const DEFAULT_OVERLAP_MS = 5_000;

/** Online and holding no call: a driver an offer may go to. */
const isWaiting = (view: DriverView | undefined): boolean => view?.status === 'ONLINE' && view.currentCallId === null;

/**
 * Keeps the spatial index's availability in step with the driver streams (online / offline,
 * assigned / released) by folding the log through the drivers read model's pure `evolve`.
 * It keeps no checkpoint of its own: on start it loads the `drivers` read model (availability and
 * the position each driver had when going online) and follows the log from that model's
 * checkpoint — or, without a read store, replays the whole log — and overlays the last pinged
 * positions, newer ones winning.
 *
 * With `refresh` it keeps reading the pings other processes (API replicas) saved: every interval,
 * those changed since a cursor. Each ping carries the clock of the replica that received it, and
 * is stamped a moment before it is stored, so a ping can land behind one already read; each read
 * therefore reaches `overlapMs` behind the newest position seen, and the index ignores what it
 * already knows. Clocks further apart than the overlap can hide a replica's pings until they pass
 * the cursor. A failed read is logged and simply tried again at the next tick.
 */
export class DriverAvailabilityFeed {
  readonly name = 'driver-availability';
  private readonly drivers = new Map<string, DriverView>();
  private readonly follower: LogFollower;
  private startHead: Promise<number> | undefined;
  /** Where following the log began (the read model's checkpoint); known once seeded. */
  private seeded: Promise<number>;
  private seededAt!: (position: number) => void;
  private stopRebuilding: (() => void) | undefined;
  /** Settles once the last known positions were read (or could not be). */
  private positionsLoaded: Promise<void> = Promise.resolve();
  /** Refresh: the `at` (ms) the next read starts from; none yet means read everything. */
  private cursor: number | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: DriverAvailabilityFeedOptions) {
    this.seeded = new Promise((resolve) => (this.seededAt = resolve));
    this.follower = new LogFollower(options.eventStore, {
      name: this.name,
      resumeFrom: async () => {
        const from = await this.seed();
        this.seededAt(from);
        return from;
      },
      handle: async (events) => {
        for (const event of events) this.apply(event);
      },
      // Applying is a few map updates, nothing to batch; a driver gone busy or offline must leave the index at once.
      gatherMs: 0,
      logger: options.logger,
    });
  }

  start(): void {
    const { eventStore, positions, index, rebuildIntervalMs = 1_000, refresh } = this.options;
    this.stopped = false;
    this.startHead = eventStore.headPosition();
    if (refresh) {
      this.positionsLoaded = this.refreshThenWait(refresh.intervalMs);
    } else {
      this.positionsLoaded = positions
        .lastKnown()
        .then((known) => known.forEach(({ driverId, location, at }) => index.setPosition(driverId, location, Date.parse(at))))
        .catch((error: unknown) => this.options.logger.warn({ err: error }, 'last known driver positions unavailable; using those of going online'));
    }
    this.follower.start();
    this.stopRebuilding = index.rebuildEvery(rebuildIntervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.refreshTimer);
    this.stopRebuilding?.();
    await this.follower.stop();
    await this.refreshing;
  }

  /** Resolves once everything in the log when the feed started has been applied, and the last known positions read. */
  async caughtUp(timeoutMs = 30_000): Promise<boolean> {
    await this.positionsLoaded;
    return this.waitFor(await (this.startHead ?? this.options.eventStore.headPosition()), timeoutMs);
  }

  /** Resolves once the index reflects the log up to `position` (false after `timeoutMs`). */
  async waitFor(position: number, timeoutMs: number): Promise<boolean> {
    // Seeded at or past it: no batch will ever be handled to say so.
    let timer: NodeJS.Timeout | undefined;
    const notSeeded = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(-1), timeoutMs)));
    const seeded = await Promise.race([this.seeded, notSeeded]);
    clearTimeout(timer);
    if (seeded < 0) return false;
    if (seeded >= position) return true;
    return this.follower.waitFor(position, timeoutMs);
  }

  isOnline(driverId: string): boolean {
    return this.drivers.get(driverId)?.status === 'ONLINE';
  }

  /** Online and holding no call: waiting for an offer. */
  isFree(driverId: string): boolean {
    return isWaiting(this.drivers.get(driverId));
  }

  /** One read, then the next one `intervalMs` after it ended: reads never overlap, however slow the store. */
  private refreshThenWait(intervalMs: number): Promise<void> {
    this.refreshing = this.refreshPositions().finally(() => {
      this.refreshing = undefined;
      if (this.stopped) return;
      this.refreshTimer = setTimeout(() => void this.refreshThenWait(intervalMs), intervalMs);
      this.refreshTimer.unref();
    });
    return this.refreshing;
  }

  /** Applies the positions saved since the cursor (all of them on the first read); never throws. */
  private async refreshPositions(): Promise<void> {
    const { positions, index, refresh, logger } = this.options;
    try {
      const changed = this.cursor === undefined ? await positions.lastKnown() : await positions.changedSince(new Date(this.cursor).toISOString());
      let newest = Number.NEGATIVE_INFINITY;
      for (const { driverId, location, at } of changed) {
        const reportedAt = Date.parse(at);
        index.setPosition(driverId, location, reportedAt);
        newest = Math.max(newest, reportedAt);
      }
      if (changed.length > 0) this.cursor = Math.max(this.cursor ?? Number.NEGATIVE_INFINITY, newest - (refresh?.overlapMs ?? DEFAULT_OVERLAP_MS));
    } catch (error) {
      logger.warn({ err: error }, 'driver positions not refreshed; trying again at the next tick');
    }
  }

  /** Loads the drivers read model; returns the position to follow the log from. */
  private async seed(): Promise<number> {
    const { readStore, index } = this.options;
    if (!readStore) return 0;
    let checkpoint: number;
    let views: DriverView[];
    try {
      // The checkpoint first: documents read after it are at least as new, and events they already
      // reflect are skipped by position below.
      checkpoint = await readStore.getCheckpoint(checkpointNames.readModel(driversProjection.name));
      views = await readStore.find<DriverView>(driversProjection.collection, {});
    } catch (error) {
      this.options.logger.warn({ err: error }, 'drivers read model unavailable; replaying the log instead');
      this.drivers.clear();
      return 0;
    }
    for (const view of views) {
      this.drivers.set(view.driverId, view);
      // The position of going online, at its time: older than any ping or later going online, and
      // the sign of life presence goes by until the driver pings again.
      if (view.location) index.setPosition(view.driverId, view.location, view.lastSeenAt ? Date.parse(view.lastSeenAt) : 1);
      index.setAvailability(view.driverId, isWaiting(view), view.rideTypes);
    }
    return checkpoint;
  }

  private apply(event: RecordedEvent): void {
    const driverId = keyFor(driversProjection, event);
    if (driverId === null) return;
    const current = this.drivers.get(driverId) ?? null;
    const view = applyEvent(driversProjection, current, event);
    // Unchanged, or applied already: the index shows it as it is.
    if (view !== null && view === current) return;
    const { index } = this.options;
    if (!view) {
      this.drivers.delete(driverId);
      index.remove(driverId);
      return;
    }
    this.drivers.set(driverId, view);
    if (event.type === 'DriverWentOnline' && view.location) index.setPosition(driverId, view.location, Date.parse(event.metadata.timestamp));
    index.setAvailability(driverId, isWaiting(view), view.rideTypes);
  }
}
