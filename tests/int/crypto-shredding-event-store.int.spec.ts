import { join } from 'node:path';
import { expect } from 'chai';
import type { NewEvent } from '../../src/application/ports/event-store.js';
import { CryptoShreddingEventStore } from '../../src/infrastructure/privacy/crypto-shredding-event-store.js';
import { SqlitePersonalDataKeys } from '../../src/infrastructure/privacy/sqlite-personal-data-keys.js';
import { scratchEventStore } from '../support/scratch-event-store.js';

const metadata = {
  correlationId: 'c-1',
  causationId: 'r-1',
  actor: { role: 'passenger' as const, id: 'p-1' },
  timestamp: '2026-03-01T10:00:00.000Z',
};
const pickup = { lat: 37.5547, lng: 126.9707, address: 'Seoul Station, Hangang-daero 405' };
const destination = { lat: 37.4979, lng: 127.0276, address: 'Gangnam Station exit 11' };
const requested = (callId: string, passengerId = 'p-1'): NewEvent => ({
  eventId: `e-${callId}`,
  type: 'CallRequested',
  data: { callId, passengerId, pickup, destination, rideType: 'STANDARD', requestedAt: metadata.timestamp },
  metadata,
});
const erased = { lat: null, lng: null, address: '[erased]' };
const erasure = (personId: string): NewEvent => ({
  eventId: `erase-${personId}`,
  type: 'PersonalDataErased',
  data: { kind: 'passenger', personId, erasedAt: metadata.timestamp },
  metadata,
});

describe('Crypto-shredding event store', () => {
  const scratch = scratchEventStore('taxi-shred-');
  let keys: SqlitePersonalDataKeys;
  let store: CryptoShreddingEventStore;
  beforeEach(() => {
    keys = new SqlitePersonalDataKeys(join(scratch.dir, 'personal-data-keys.db'));
    store = new CryptoShreddingEventStore(scratch.store, keys);
  });
  afterEach(async () => keys.close());

  it('gives readers the personal fields as they were appended', async () => {
    await store.appendToStream('call-1', [requested('1')], 'no_stream');
    const [event] = await store.readStream('call-1');
    expect(event!.data).to.deep.include({ pickup, destination, passengerId: 'p-1' });
    expect(event!.data).not.to.have.property('_personal');
    expect((await store.readAll())[0]!.data).to.deep.include({ pickup, destination });
  });

  it('stores no personal field in clear: a raw read of the log sees them erased and sealed', async () => {
    await store.appendToStream('call-1', [requested('1')], 'no_stream');
    const [raw] = await scratch.store.readAll();
    expect(JSON.stringify(raw!.data)).not.to.match(/Seoul|Gangnam|37\.5|126\.9/);
    expect(raw!.data).to.deep.include({ pickup: erased, destination: erased, passengerId: 'p-1', rideType: 'STANDARD' });
    expect(raw!.data).to.have.nested.property('_personal.subject', 'passenger:p-1');
  });

  it('reads the fields as erased once the key is destroyed, everyone else intact', async () => {
    await store.appendToStream('call-1', [requested('1', 'p-1')], 'no_stream');
    await store.appendToStream('call-2', [requested('2', 'p-2')], 'no_stream');
    await keys.destroy('passenger:p-1', metadata.timestamp);
    await store.appendToStream('erasure-passenger-p-1', [erasure('p-1')], 'no_stream');
    const [first, second] = await store.readAll();
    expect(first!.data).to.deep.include({ pickup: erased, destination: erased, callId: '1' });
    expect(second!.data).to.deep.include({ pickup, destination, callId: '2' });
  });

  it('forgets a cached key when it reads the erasure, as another process does', async () => {
    const other = new CryptoShreddingEventStore(scratch.store, keys);
    await store.appendToStream('call-1', [requested('1')], 'no_stream');
    expect((await other.readAll())[0]!.data).to.deep.include({ pickup });
    await keys.destroy('passenger:p-1', metadata.timestamp);
    await store.appendToStream('erasure-passenger-p-1', [erasure('p-1')], 'no_stream');
    const events = await other.readAll();
    expect(events.map((e) => e.type)).to.deep.equal(['CallRequested', 'PersonalDataErased']);
    expect((await other.readStream('call-1'))[0]!.data).to.deep.include({ pickup: erased });
  });

  it('refuses new personal data of an erased person with PERSON_ERASED, and creates no new key', async () => {
    await keys.destroy('passenger:p-1', metadata.timestamp);
    const refused = await store.appendToStream('call-3', [requested('3')], 'no_stream').then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).to.have.property('code', 'PERSON_ERASED');
    expect(await scratch.store.readAll()).to.deep.equal([]);
    expect(await keys.find('passenger:p-1')).to.equal(null);
  });

  it('reads an event written in clear before crypto-shredding as it was stored', async () => {
    await scratch.store.appendToStream('call-0', [requested('0')], 'no_stream');
    expect((await store.readStream('call-0'))[0]!.data).to.deep.include({ pickup, destination });
  });
});
