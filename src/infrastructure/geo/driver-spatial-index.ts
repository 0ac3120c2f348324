import KDBush from 'kdbush';
import { around } from 'geokdbush';
import {
  type AvailableDrivers,
  DEFAULT_SEARCH_RADII_METRES,
  type NearbyDriver,
  type NearestDriversQuery,
} from '../../application/ports/available-drivers.js';
import { type Coordinates, distanceInMetres } from '../../domain/shared/geo.js';
import { isAwaySince } from '../../domain/driver/presence.js';
import { MovedDrivers } from './moved-drivers.js';

export type IndexedDriver = {
  driverId: string;
  lat: number;
  lng: number;
  /** When the position was reported (ms); an older report never overwrites a newer one. */
  positionAt: number;
  available: boolean;
  rideTypes: ReadonlySet<string>;
  /** Moved since the last build: the tree's copy of the position is stale, the overlay has it. */
  moved: boolean;
  /** Forgotten: still in the tree until the next build, never returned. */
  removed: boolean;
};

export type DriverSpatialIndexOptions = {
  /** Rebuild at once when this many drivers moved since the last build (bounds the overlay). */
  maxMoved?: number;
  /** KD-tree leaf size; small leaves suit k-nearest queries with a predicate. */
  nodeSize?: number;
  /**
   * Drivers whose last position (ping or going online) is older than `staleAfterMs` are AWAY and
   * never found; without it, every available driver is (the benchmarks' bare index).
   */
  presence?: { staleAfterMs: number; now: () => number };
};

export type IndexStats = { drivers: number; indexed: number; moved: number; rebuilds: number; lastRebuildMs: number };

const hasPosition = (driver: IndexedDriver) => !Number.isNaN(driver.lat);

/**
 * Available drivers near a point, under many position updates per second.
 *
 * kdbush is a static KD-tree: very fast to build and to query, immutable. So the index is a tree
 * plus a small mutable overlay, the way an LSM tree is: a ping moves the driver into the overlay
 * (a grid of ~1 km cells, O(1) per update) and marks their tree copy stale; a query searches the
 * tree, skipping stale and unavailable drivers, and the few overlay cells its radius touches, then
 * merges. The tree is rebuilt in batches — on an interval, or at once when `maxMoved` drivers
 * moved — which folds the overlay back in. A rebuild of 100k drivers takes tens of milliseconds;
 * once a second that is a few % of one core, far less than rebalancing a dynamic tree on every
 * ping, and the overlay keeps query cost flat however many pinged since. (A grid alone would also
 * update in O(1), but its k-nearest search degrades where drivers crowd, e.g. at a station; the
 * tree adapts to density, and the overlay only ever holds one interval's worth of moves.)
 *
 * Availability (online, free, ride types) and presence (a position newer than the stale limit) are
 * read from the driver's entry at query time, so going busy, offline or silent takes effect on the
 * next query without touching the tree, and the next ping brings the driver back.
 */
export class DriverSpatialIndex implements AvailableDrivers {
  private readonly drivers = new Map<string, IndexedDriver>();
  private readonly overlay = new MovedDrivers<IndexedDriver>();
  private tree: KDBush | null = null;
  private treeDrivers: IndexedDriver[] = [];
  private rebuilds = 0;
  private lastRebuildMs = 0;
  private readonly maxMoved: number;
  private readonly nodeSize: number;
  private readonly presence: DriverSpatialIndexOptions['presence'];

  constructor(options: DriverSpatialIndexOptions = {}) {
    this.maxMoved = options.maxMoved ?? 32_768;
    this.nodeSize = options.nodeSize ?? 16;
    this.presence = options.presence;
  }

  /** Records a position; returns false when a newer one, or this very one, was already known. */
  setPosition(driverId: string, location: Coordinates, at = Date.now()): boolean {
    const driver = this.drivers.get(driverId) ?? this.create(driverId);
    if (driver.positionAt > at) return false;
    // Refreshes from a shared store read the same positions again (docs/dispatch.md): not a move.
    if (driver.positionAt === at && driver.lat === location.lat && driver.lng === location.lng) return false;
    driver.lat = location.lat;
    driver.lng = location.lng;
    driver.positionAt = at;
    driver.moved = true;
    this.overlay.put(driver, location);
    if (this.overlay.size >= this.maxMoved) this.rebuild();
    return true;
  }

  setAvailability(driverId: string, available: boolean, rideTypes?: readonly string[]): void {
    const driver = this.drivers.get(driverId) ?? this.create(driverId);
    driver.available = available;
    if (rideTypes) driver.rideTypes = new Set(rideTypes);
  }

  remove(driverId: string): void {
    const driver = this.drivers.get(driverId);
    if (!driver) return;
    driver.removed = true;
    this.overlay.delete(driver);
    this.drivers.delete(driverId);
  }

  positionOf(driverId: string): Coordinates | null {
    const driver = this.drivers.get(driverId);
    return driver && hasPosition(driver) ? { lat: driver.lat, lng: driver.lng } : null;
  }

  get stats(): IndexStats {
    return {
      drivers: this.drivers.size,
      indexed: this.treeDrivers.length,
      moved: this.overlay.size,
      rebuilds: this.rebuilds,
      lastRebuildMs: this.lastRebuildMs,
    };
  }

  async nearest(query: NearestDriversQuery): Promise<NearbyDriver[]> {
    return this.nearestNow(query);
  }

  /** k nearest available drivers of the ride type, widening the radius step by step. */
  nearestNow({ origin, rideType, k, exclude, radiiMetres = DEFAULT_SEARCH_RADII_METRES }: NearestDriversQuery): NearbyDriver[] {
    if (k <= 0 || radiiMetres.length === 0) return [];
    const { presence } = this;
    const now = presence?.now() ?? 0;
    const eligible = (driver: IndexedDriver) =>
      driver.available &&
      !driver.removed &&
      driver.rideTypes.has(rideType) &&
      (presence === undefined || !isAwaySince(driver.positionAt, now, presence.staleAfterMs)) &&
      (exclude === undefined || exclude.size === 0 || !exclude.has(driver.driverId));
    let found: NearbyDriver[] = [];
    for (const radius of radiiMetres) {
      found = this.searchTree(origin, radius, k, eligible);
      for (const driver of this.overlay.near(origin, radius)) {
        if (!eligible(driver)) continue;
        const nearby = toNearby(driver, origin);
        if (nearby.distanceMetres <= radius) found.push(nearby);
      }
      found.sort((a, b) => a.distanceMetres - b.distanceMetres);
      if (found.length >= k) break;
    }
    return found.slice(0, k);
  }

  /** Folds the overlay into a fresh tree. */
  rebuild(): void {
    const started = performance.now();
    const drivers = [...this.drivers.values()].filter(hasPosition);
    if (drivers.length === 0) {
      this.tree = null;
    } else {
      const tree = new KDBush(drivers.length, this.nodeSize);
      for (const driver of drivers) tree.add(driver.lng, driver.lat);
      this.tree = tree.finish();
    }
    for (const driver of drivers) driver.moved = false;
    this.treeDrivers = drivers;
    this.overlay.clear();
    this.rebuilds += 1;
    this.lastRebuildMs = performance.now() - started;
  }

  /** Rebuilds every `intervalMs` while drivers keep moving; returns the stop function. */
  rebuildEvery(intervalMs: number): () => void {
    const timer = setInterval(() => this.overlay.size > 0 && this.rebuild(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private create(driverId: string): IndexedDriver {
    const driver: IndexedDriver = {
      driverId,
      lat: Number.NaN,
      lng: Number.NaN,
      positionAt: 0,
      available: false,
      rideTypes: new Set(),
      moved: false,
      removed: false,
    };
    this.drivers.set(driverId, driver);
    return driver;
  }

  private searchTree(origin: Coordinates, radius: number, k: number, eligible: (driver: IndexedDriver) => boolean): NearbyDriver[] {
    if (!this.tree) return [];
    const drivers = this.treeDrivers;
    const slots = around(this.tree, origin.lng, origin.lat, k, radius / 1_000, (slot) => {
      const driver = drivers[slot]!;
      return !driver.moved && eligible(driver);
    });
    return slots.map((slot) => toNearby(drivers[slot]!, origin));
  }
}

const toNearby = (driver: IndexedDriver, origin: Coordinates): NearbyDriver => {
  const location = { lat: driver.lat, lng: driver.lng };
  return { driverId: driver.driverId, location, distanceMetres: distanceInMetres(origin, location) };
};
