import { join } from 'node:path';
import { expect } from 'chai';
import { checkpointNames } from '../../src/application/ports/checkpoint-store.js';
import type { ProjectionCommit } from '../../src/application/ports/read-store.js';
import { SqliteReadStore } from '../../src/infrastructure/read-store/sqlite-read-store.js';
import { READ_MODELS } from '../../src/projections/read-models.js';
import { rebuildProjections } from '../../src/projections/rebuild.js';
import { newEvent } from '../support/events.js';
import { aWholeRide } from '../support/recorded.js';
import { recordCommits } from '../support/recorded-commits.js';
import { scratchEventStore } from '../support/scratch-event-store.js';

describe('Rebuild in batches', () => {
  const scratch = scratchEventStore('taxi-rebuild-batches-');
  let readStore: SqliteReadStore;
  let commits: ProjectionCommit[][];

  beforeEach(() => {
    readStore = new SqliteReadStore(join(scratch.dir, 'read-models.db'));
    commits = recordCommits(readStore);
  });
  afterEach(() => readStore.close());

  const appendRides = async (count: number) => {
    let position = 0;
    for (let n = 1; n <= count; n++) {
      const callId = `call-${n}`;
      for (const { type, data } of aWholeRide(callId, `p-${n}`, `d-${n}`)) {
        ({ position } = await scratch.store.appendToStream(`ride-${callId}`, [newEvent(type, data, callId)], 'any'));
      }
    }
    return position;
  };

  it('commits every model once per batch of events, with its checkpoint at the end of the batch', async () => {
    const head = await appendRides(3);
    const progress: number[] = [];
    const checkpoints: number[] = [];
    const result = await rebuildProjections(
      READ_MODELS,
      { eventStore: scratch.store, readStore },
      ({ position }) => {
        progress.push(position);
        void readStore.getCheckpoint(checkpointNames.rebuild(READ_MODELS[0]!.name)).then((saved) => checkpoints.push(saved));
      },
      { batchSize: 10 },
    );

    const batchEnds = Array.from({ length: Math.ceil(head / 10) }, (_, index) => Math.min(head, (index + 1) * 10));
    expect(progress).to.deep.equal(batchEnds);
    expect(commits.map((batch) => batch.map(({ checkpoint }) => checkpoint))).to.deep.equal(batchEnds.map((end) => READ_MODELS.map(() => end)));
    expect(checkpoints).to.deep.equal(batchEnds);
    expect(result).to.include({ events: head, position: head });
  });

  it('never writes a document made and deleted within one batch (an open call closed before the commit)', async () => {
    await appendRides(2);
    await rebuildProjections(READ_MODELS, { eventStore: scratch.store, readStore }, undefined, { batchSize: 1_000 });
    const deletes = commits.flat().flatMap(({ changes }) => changes.filter((change) => change.kind === 'delete'));
    expect(deletes).to.deep.equal([]);
    expect(await readStore.find('open_calls', {})).to.deep.equal([]);
  });
});
