import type { Coordinates } from '../../domain/shared/geo.js';

/** ~1.1 km north–south, ~0.9 km east–west at Seoul's latitude. */
const CELL_DEGREES = 0.01;
const LNG_CELLS = Math.ceil(360 / CELL_DEGREES) + 1;
const METRES_PER_DEGREE_LAT = 111_320;

const latCell = (lat: number) => Math.floor((lat + 90) / CELL_DEGREES);
const lngCell = (lng: number) => Math.floor((lng + 180) / CELL_DEGREES);
const keyOf = (lat: number, lng: number) => latCell(lat) * LNG_CELLS + lngCell(lng);

/**
 * The spatial index's mutable overlay: drivers who moved since the tree was built, bucketed in a
 * grid of small cells so that an update is O(1) and a query looks only at the cells its radius
 * touches, however many drivers moved elsewhere.
 */
export class MovedDrivers<T> {
  private readonly cells = new Map<number, Set<T>>();
  private readonly cellOf = new Map<T, number>();

  get size(): number {
    return this.cellOf.size;
  }

  put(item: T, { lat, lng }: Coordinates): void {
    const key = keyOf(lat, lng);
    const previous = this.cellOf.get(item);
    if (previous === key) return;
    if (previous !== undefined) this.leave(item, previous);
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = new Set()));
    cell.add(item);
    this.cellOf.set(item, key);
  }

  delete(item: T): void {
    const previous = this.cellOf.get(item);
    if (previous === undefined) return;
    this.leave(item, previous);
    this.cellOf.delete(item);
  }

  clear(): void {
    this.cells.clear();
    this.cellOf.clear();
  }

  /** Every item in a cell that overlaps the box around `origin` (a superset of those within `radiusMetres`). */
  *near(origin: Coordinates, radiusMetres: number): Iterable<T> {
    if (this.cellOf.size === 0) return;
    const dLat = radiusMetres / METRES_PER_DEGREE_LAT;
    const dLng = dLat / Math.max(0.01, Math.cos((origin.lat * Math.PI) / 180));
    const [fromLat, toLat] = [latCell(Math.max(-90, origin.lat - dLat)), latCell(Math.min(90, origin.lat + dLat))];
    const [fromLng, toLng] = [lngCell(Math.max(-180, origin.lng - dLng)), lngCell(Math.min(180, origin.lng + dLng))];
    // Few moved drivers and a wide radius: walking them beats walking hundreds of empty cells.
    if ((toLat - fromLat + 1) * (toLng - fromLng + 1) > this.cellOf.size) {
      yield* this.cellOf.keys();
      return;
    }
    for (let row = fromLat; row <= toLat; row++) {
      for (let column = fromLng; column <= toLng; column++) {
        const cell = this.cells.get(row * LNG_CELLS + column);
        if (cell) yield* cell;
      }
    }
  }

  private leave(item: T, key: number): void {
    const cell = this.cells.get(key);
    cell?.delete(item);
    if (cell?.size === 0) this.cells.delete(key);
  }
}
