import { checkpointNames } from '../../src/application/ports/checkpoint-store.js';
import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import type { ProjectionCommit, ReadStore } from '../../src/application/ports/read-store.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { ProjectionRunner } from '../../src/projections/projection-runner.js';
import { READ_MODELS } from '../../src/projections/read-models.js';
import { rebuildProjections } from '../../src/projections/rebuild.js';
import { newEvent } from '../support/events.js';
import { aWholeRide } from '../support/recorded.js';
import { recordCommits } from '../support/recorded-commits.js';
import { scratchEventStore } from '../support/scratch-event-store.js';

const allDocuments = async (readStore: ReadStore, collection: string) =>
  (await readStore.find(collection, {}, { sort: [['id', 'asc']] })).map((document) => JSON.stringify(document));

describe('Projection runner', () => {
  const scratch = scratchEventStore('taxi-projections-');
  let readStore: SqliteReadStore;
  let runner: ProjectionRunner;
  let commits: ProjectionCommit[][];

  beforeEach(() => {
    readStore = new SqliteReadStore(join(scratch.dir, 'read-models.db'));
    commits = recordCommits(readStore);
    runner = new ProjectionRunner(READ_MODELS, { eventStore: scratch.store, readStore, logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    await runner.stop();
    await readStore.close();
  });

  const appendRide = async (n: number) => {
    const callId = `call-${n}`;
    let position = 0;
    for (const { type, data } of aWholeRide(callId, `p-${n}`, `d-${n}`)) {
      ({ position } = await scratch.store.appendToStream(`ride-${callId}`, [newEvent(type, data, callId)], 'any'));
    }
    return position;
  };

  it('brings every read model to the head with one commit of all of them per batch', async () => {
    runner.start();
    await appendRide(1);
    const head = await appendRide(2);
    expect(await runner.waitFor(head, 10_000)).to.equal(true);

    for (const { name } of READ_MODELS) expect(await readStore.getCheckpoint(checkpointNames.readModel(name)), name).to.equal(head);
    expect(await readStore.find('dashboard', {})).to.have.length(2);
    expect(commits.length).to.be.greaterThan(0);
    for (const batch of commits)
      expect(batch.map(({ projection }) => projection)).to.deep.equal(READ_MODELS.map(({ name }) => checkpointNames.readModel(name)));
  });

  it('follows a read model moved back under it (a rebuild swapped in) and ends equal to a full rebuild', async () => {
    runner.start();
    await appendRide(1);
    expect(await runner.waitFor(await appendRide(2), 10_000)).to.equal(true);

    // As if a rebuild of the dashboard built from nothing had been swapped in at position 0.
    await readStore.dropCollection('dashboard');
    await readStore.resetCheckpoint(checkpointNames.readModel('dashboard'));
    const head = await appendRide(3);
    expect(await runner.waitFor(head, 10_000)).to.equal(true);
    expect(await readStore.find('dashboard', {})).to.have.length(3);

    await runner.stop();
    const live = await Promise.all(READ_MODELS.map(({ collection }) => allDocuments(readStore, collection)));
    await rebuildProjections(READ_MODELS, { eventStore: scratch.store, readStore });
    const rebuilt = await Promise.all(READ_MODELS.map(({ collection }) => allDocuments(readStore, collection)));
    expect(live).to.deep.equal(rebuilt);
  });

  it('rebuilds in small batches, forgetting its documents on the way, exactly what the live models hold', async () => {
    runner.start();
    await appendRide(1);
    await appendRide(2);
    // An erasure between rides: the rebuild scrubs documents it already committed and ones it holds.
    const erasure = { kind: 'passenger', personId: 'p-1', erasedAt: '2026-11-26T00:00:00.000Z' };
    await scratch.store.appendToStream('person-p-1', [newEvent('PersonalDataErased', erasure, 'p-1')], 'any');
    const head = await appendRide(3);
    expect(await runner.waitFor(head, 10_000)).to.equal(true);
    await runner.stop();
    const live = await Promise.all(READ_MODELS.map(({ collection }) => allDocuments(readStore, collection)));
    expect(live.flat().length).to.be.greaterThan(10);

    const result = await rebuildProjections(READ_MODELS, { eventStore: scratch.store, readStore }, undefined, {
      batchSize: 3,
      maxDocumentsInMemory: 4,
    });
    expect(result.position).to.equal(head);
    const rebuilt = await Promise.all(READ_MODELS.map(({ collection }) => allDocuments(readStore, collection)));
    expect(rebuilt).to.deep.equal(live);
    for (const { name } of READ_MODELS) expect(await readStore.getCheckpoint(checkpointNames.readModel(name)), name).to.equal(head);
  });
});
