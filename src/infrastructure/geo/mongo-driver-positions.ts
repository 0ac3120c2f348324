import { type Collection, MongoBulkWriteError, MongoClient, type MongoClientOptions, MongoServerError } from 'mongodb';
import type { DriverPosition, DriverPositions } from '../../application/ports/driver-positions.js';

type PositionDocument = { _id: string; location: { type: 'Point'; coordinates: [lng: number, lat: number] }; at: Date };

const DUPLICATE_KEY = 11000;

const toPosition = ({ _id, location, at }: PositionDocument): DriverPosition => ({
  driverId: _id,
  location: { lat: location.coordinates[1], lng: location.coordinates[0] },
  at: at.toISOString(),
});

/** A bulk write whose only failures are duplicate keys: every one of them means "already newer". */
export const onlyDuplicateKeys = (error: unknown): boolean => {
  if (!(error instanceof MongoBulkWriteError)) return false;
  const writeErrors: unknown = error.writeErrors;
  const errors = (Array.isArray(writeErrors) ? writeErrors : [writeErrors]) as Array<{ code?: unknown }>;
  return errors.length > 0 && errors.every((writeError) => writeError.code === DUPLICATE_KEY);
};

const toDate = (at: string): Date => {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO 8601 time: ${at}`);
  return date;
};

/**
 * Last positions in MongoDB, collection `driver_positions`, one document per driver (`_id` = driver
 * id, `location` a GeoJSON point, `at` a date), for replicas on several machines. A save is one
 * conditional upsert, atomic per document on MongoDB: it matches only an older document, so a late
 * ping matches nothing and its upsert then collides with the newer document's `_id` — that
 * duplicate key means "already newer" and is ignored.
 *
 * Indexed on `at` for `changedSince`. No 2dsphere index: the nearest-driver search runs on the
 * in-memory index, so one would only cost every ping an index update (and FerretDB 1.24 refuses to
 * create one). On FerretDB 1.24 the conditional update is neither atomic nor indexed (it scans the
 * collection, see README "FerretDB is not MongoDB"): fine for tests, not for a production load.
 *
 * Connects on first use, so the composition can build it synchronously; indexes are ensured once.
 */
export class MongoDriverPositions implements DriverPositions {
  private readonly client: MongoClient;
  private readonly positions: Collection<PositionDocument>;
  private indexed: Promise<void> | undefined;

  constructor(url: string, dbName: string, options: MongoClientOptions = {}) {
    // A short server selection timeout: a ping is better refused soon than held for the default 30 s.
    this.client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, ...options });
    this.positions = this.client.db(dbName).collection<PositionDocument>('driver_positions');
  }

  async save({ driverId, location, at }: DriverPosition): Promise<void> {
    await this.ready();
    const date = toDate(at);
    try {
      await this.positions.updateOne(
        { _id: driverId, at: { $lt: date } },
        { $set: { location: { type: 'Point', coordinates: [location.lng, location.lat] }, at: date } },
        { upsert: true },
      );
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }

  /**
   * One unordered bulk write of the newest ping per driver. A duplicate key is a newer position
   * already stored, as in `save`; FerretDB stops an unordered bulk at the first one, so then each
   * ping is saved again on its own (each save is idempotent: only an older document is replaced).
   */
  async saveAll(positions: readonly DriverPosition[]): Promise<void> {
    const newest = new Map<string, DriverPosition>();
    for (const position of positions) {
      const known = newest.get(position.driverId);
      if (!known || Date.parse(known.at) < Date.parse(position.at)) newest.set(position.driverId, position);
    }
    if (newest.size === 0) return;
    await this.ready();
    const operations = [...newest.values()].map(({ driverId, location, at }) => {
      const date = toDate(at);
      return {
        updateOne: {
          filter: { _id: driverId, at: { $lt: date } },
          update: { $set: { location: { type: 'Point' as const, coordinates: [location.lng, location.lat] as [number, number] }, at: date } },
          upsert: true,
        },
      };
    });
    try {
      await this.positions.bulkWrite(operations, { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
      for (const position of newest.values()) await this.save(position);
    }
  }

  async positionOf(driverId: string): Promise<DriverPosition | null> {
    await this.ready();
    const document = await this.positions.findOne({ _id: driverId });
    return document ? toPosition(document) : null;
  }

  async lastKnown(): Promise<DriverPosition[]> {
    await this.ready();
    return (await this.positions.find({}).toArray()).map(toPosition);
  }

  async changedSince(at: string): Promise<DriverPosition[]> {
    await this.ready();
    return (await this.positions.find({ at: { $gte: toDate(at) } }).toArray()).map(toPosition);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private ready(): Promise<void> {
    this.indexed ??= this.positions.createIndex({ at: 1 }).then(
      () => undefined,
      (error: unknown) => {
        this.indexed = undefined; // the server was away: try again on the next call
        throw error;
      },
    );
    return this.indexed;
  }
}
