import { type Collection, MongoClient } from 'mongodb';
import type { Delivery, DeliveryLog, DeliveryStatus } from '../../application/ports/delivery-log.js';
import type { Recipient } from '../../application/ports/notifier.js';

type DeliveryDocument = Delivery & { _id: string };

/** Delivery outcomes in MongoDB, shared by every replica, one document per notification. */
export class MongoDeliveryLog implements DeliveryLog {
  private readonly client: MongoClient;
  private readonly collection: Collection<DeliveryDocument>;

  constructor(url: string, database: string) {
    this.client = new MongoClient(url);
    this.collection = this.client.db(database).collection<DeliveryDocument>('notification_deliveries');
  }

  async record(delivery: Delivery): Promise<void> {
    await this.collection.replaceOne({ _id: delivery.notificationId }, delivery, { upsert: true });
  }

  async page(query: { status?: DeliveryStatus | undefined; recipient?: Recipient | undefined; limit: number }): Promise<Delivery[]> {
    const filter = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.recipient ? { 'recipient.role': query.recipient.role, 'recipient.id': query.recipient.id } : {}),
    };
    const documents = await this.collection.find(filter).sort({ at: -1, _id: -1 }).limit(query.limit).toArray();
    return documents.map(({ _id, ...delivery }) => delivery);
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
