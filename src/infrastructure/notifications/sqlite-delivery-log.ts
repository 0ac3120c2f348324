import type Database from 'better-sqlite3';
import type { Delivery, DeliveryLog, DeliveryStatus } from '../../application/ports/delivery-log.js';
import type { Recipient } from '../../application/ports/notifier.js';
import { openSqliteFile } from '../sqlite/open-sqlite.js';

type Row = { payload: string };

/** Delivery outcomes in a SQLite table under DATA_DIR, one row per notification, the latest outcome. */
export class SqliteDeliveryLog implements DeliveryLog {
  private readonly db: Database.Database;
  private readonly upsert;

  constructor(filename: string) {
    this.db = openSqliteFile(filename, { synchronous: 'NORMAL' });
    this.db.exec(`CREATE TABLE IF NOT EXISTS notification_deliveries (
      notification_id TEXT PRIMARY KEY,
      recipient TEXT NOT NULL,
      status TEXT NOT NULL,
      at TEXT NOT NULL,
      payload TEXT NOT NULL
    )`);
    this.upsert = this.db.prepare(
      `INSERT INTO notification_deliveries (notification_id, recipient, status, at, payload) VALUES (@id, @recipient, @status, @at, @payload)
       ON CONFLICT (notification_id) DO UPDATE SET status = excluded.status, at = excluded.at, payload = excluded.payload`,
    );
  }

  async record(delivery: Delivery): Promise<void> {
    this.upsert.run({
      id: delivery.notificationId,
      recipient: `${delivery.recipient.role}:${delivery.recipient.id}`,
      status: delivery.status,
      at: delivery.at,
      payload: JSON.stringify(delivery),
    });
  }

  async page(query: { status?: DeliveryStatus | undefined; recipient?: Recipient | undefined; limit: number }): Promise<Delivery[]> {
    const rows = this.db
      .prepare<[{ status: string | null; recipient: string | null; limit: number }], Row>(
        `SELECT payload FROM notification_deliveries WHERE (@status IS NULL OR status = @status) AND (@recipient IS NULL OR recipient = @recipient)
         ORDER BY at DESC, notification_id DESC LIMIT @limit`,
      )
      .all({ status: query.status ?? null, recipient: query.recipient ? `${query.recipient.role}:${query.recipient.id}` : null, limit: query.limit });
    return rows.map((row) => JSON.parse(row.payload) as Delivery);
  }

  close(): void {
    this.db.close();
  }
}
