/**
 * What crypto-shredding costs per event: seal on append, open on read, against the plain store.
 * `npx tsx bench/crypto-shredding.ts [events] [passengers]` — figures go to docs/personal-data.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, NewEvent } from '../src/application/ports/event-store.js';
import { SqliteEventStore } from '../src/infrastructure/event-store/sqlite-event-store.js';
import { CryptoShreddingEventStore } from '../src/infrastructure/privacy/crypto-shredding-event-store.js';
import { open, seal } from '../src/infrastructure/privacy/field-cipher.js';
import { SqlitePersonalDataKeys } from '../src/infrastructure/privacy/sqlite-personal-data-keys.js';

const events = Number(process.argv[2] ?? 20_000);
const passengers = Number(process.argv[3] ?? 1_000);
const place = (n: number) => ({ lat: 37.5 + n / 1e5, lng: 127 + n / 1e5, address: `${n} Teheran-ro, Gangnam-gu, Seoul` });
const requested = (i: number): NewEvent => ({
  eventId: `e-${i}`,
  type: 'CallRequested',
  data: {
    callId: `c-${i}`,
    passengerId: `p-${i % passengers}`,
    pickup: place(i),
    destination: place(i + 1),
    rideType: 'STANDARD',
    requestedAt: new Date(0).toISOString(),
  },
  metadata: {
    correlationId: `c-${i}`,
    causationId: 'bench',
    actor: { role: 'passenger', id: `p-${i % passengers}` },
    timestamp: new Date(0).toISOString(),
  },
});

const time = async (work: () => Promise<unknown>) => {
  const started = process.cpuUsage();
  await work();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / events; // µs of CPU per event
};

const measure = async (store: EventStore) => {
  const append = await time(async () => {
    for (let i = 0; i < events; i += 100)
      await store.appendToStream(
        `batch-${i}`,
        Array.from({ length: 100 }, (_, j) => requested(i + j)),
        'no_stream',
      );
  });
  const read = await time(async () => {
    for (let after = 0; ;) {
      const batch = await store.readAll({ after, maxCount: 5_000 });
      if (batch.length === 0) break;
      after = batch.at(-1)!.position;
    }
  });
  return { append, read };
};

const dir = mkdtempSync(join(tmpdir(), 'taxi-bench-shred-'));
try {
  const plain = new SqliteEventStore(join(dir, 'plain.db'));
  const keys = new SqlitePersonalDataKeys(join(dir, 'keys.db'));
  const sealed = new CryptoShreddingEventStore(new SqliteEventStore(join(dir, 'sealed.db')), keys);
  const key = Buffer.alloc(32, 1);
  const cipherOnly = await time(async () => {
    for (let i = 0; i < events; i++)
      open(key, 'CallRequested', seal(key, 'passenger:p', 'CallRequested', { pickup: place(i), destination: place(i) }));
  });
  const a = await measure(plain);
  const b = await measure(sealed);
  console.table({
    'plain store': a,
    'crypto-shredding': b,
    difference: { append: b.append - a.append, read: b.read - a.read },
  });
  console.log(
    `AES-256-GCM seal+open alone: ${cipherOnly.toFixed(1)} µs CPU per event; ${events} CallRequested events of ${passengers} passengers (µs of CPU per event above)`,
  );
  await plain.close();
  await sealed.close();
  await keys.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
