import { type Collection, MongoClient, type MongoClientOptions, MongoServerError } from 'mongodb';
import type { DriverPosition } from '../../application/ports/driver-positions.js';
import type { RideTracks } from '../../application/ports/ride-tracks.js';
import { onlyDuplicateKeys } from './mongo-driver-positions.js';

type PointDocument = { _id: string; driverId: string; at: Date; lat: number; lng: number };

const DUPLICATE_KEY = 11000;

const toDate = (at: string): Date => {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an ISO 8601 time: ${at}`);
  return date;
};

/**
 * Positions in MongoDB, collection `ride_track_points`, for replicas on several machines. The
 * `_id` is driver and instant, so a ping sent twice is kept once (its duplicate key is ignored);
 * indexed on (driverId, at) for a ride's stretch and on `at` for pruning.
 */
export class MongoRideTracks implements RideTracks {
  private readonly client: MongoClient;
  private readonly points: Collection<PointDocument>;
  private indexed: Promise<void> | undefined;

  constructor(url: string, dbName: string, options: MongoClientOptions = {}) {
    this.client = new MongoClient(url, { serverSelectionTimeoutMS: 5_000, ...options });
    this.points = this.client.db(dbName).collection<PointDocument>('ride_track_points');
  }

  async record({ driverId, location, at }: DriverPosition): Promise<void> {
    await this.ready();
    const date = toDate(at);
    try {
      await this.points.insertOne({ _id: `${driverId}@${date.getTime()}`, driverId, at: date, lat: location.lat, lng: location.lng });
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
  }

  async recordAll(positions: readonly DriverPosition[]): Promise<void> {
    if (positions.length === 0) return;
    await this.ready();
    const documents = positions.map(({ driverId, location, at }) => {
      const date = toDate(at);
      return { _id: `${driverId}@${date.getTime()}`, driverId, at: date, lat: location.lat, lng: location.lng };
    });
    try {
      await this.points.insertMany(documents, { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  async between(driverId: string, from: string, to: string): Promise<DriverPosition[]> {
    await this.ready();
    const documents = await this.points
      .find({ driverId, at: { $gte: toDate(from), $lte: toDate(to) } })
      .sort({ at: 1 })
      .toArray();
    return documents.map(({ driverId: id, at, lat, lng }) => ({ driverId: id, location: { lat, lng }, at: at.toISOString() }));
  }

  async prune(before: string): Promise<void> {
    await this.ready();
    await this.points.deleteMany({ at: { $lt: toDate(before) } });
  }

  close(): Promise<void> {
    return this.client.close();
  }

  private ready(): Promise<void> {
    this.indexed ??= Promise.all([this.points.createIndex({ driverId: 1, at: 1 }), this.points.createIndex({ at: 1 })]).then(
      () => undefined,
      (error: unknown) => {
        this.indexed = undefined;
        throw error;
      },
    );
    return this.indexed;
  }
}
