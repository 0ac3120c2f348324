import { expect } from 'chai';
import { checkpointIn, followFromCheckpoint } from '../../src/application/log-follower/checkpointed-follower.js';
import type { CheckpointStore } from '../../src/application/ports/checkpoint-store.js';
import type { RecordedEvent } from '../../src/application/ports/event-store.js';
import { newEvent, uniqueStream } from '../support/events.js';
import { scratchEventStore } from '../support/scratch-event-store.js';

const quietLogger = { warn: () => {}, error: () => {} };

/** A checkpoint store that remembers every save, in order. */
const savingCheckpoints = (start = 0) => {
  const saved: Array<[string, number]> = [];
  const positions = new Map<string, number>();
  const store: Pick<CheckpointStore, 'getCheckpoint' | 'saveCheckpoint'> = {
    getCheckpoint: async (name) => positions.get(name) ?? start,
    saveCheckpoint: async (name, position) => {
      saved.push([name, position]);
      positions.set(name, Math.max(position, positions.get(name) ?? 0));
    },
  };
  return { saved, store };
};

describe('A checkpointed follower', () => {
  const scratch = scratchEventStore('taxi-follower-');

  const appendSix = async () => {
    const stream = uniqueStream();
    const { position } = await scratch.store.appendToStream(
      stream,
      Array.from({ length: 6 }, (_, i) => newEvent('Counted', { i })),
      'no_stream',
    );
    return position;
  };

  it('saves, under its own name, the position its handler says is safe, after each batch', async () => {
    const head = await appendSix();
    const { saved, store } = savingCheckpoints();
    const follower = followFromCheckpoint(
      { eventStore: scratch.store, checkpoints: store as CheckpointStore, logger: quietLogger },
      'process:test',
      async (events) =>
        // A low-water mark: one event of every batch still open.
        events.at(-1)!.position - 1,
    );
    follower.start();
    expect(await follower.waitFor(head, 3_000)).to.equal(true);
    await follower.stop();
    expect(saved).to.deep.equal([['process:test', head - 1]]);
  });

  it('saves nothing for a batch its handler found nothing safe in', async () => {
    const head = await appendSix();
    const { saved, store } = savingCheckpoints();
    const follower = followFromCheckpoint(
      { eventStore: scratch.store, checkpoints: store as CheckpointStore, logger: quietLogger },
      'process:test',
      async () => undefined,
    );
    follower.start();
    expect(await follower.waitFor(head, 3_000)).to.equal(true);
    await follower.stop();
    expect(saved).to.deep.equal([]);
  });

  it('saves the progress its handler reports half-way, then the batch', async () => {
    const head = await appendSix();
    const { saved, store } = savingCheckpoints();
    const follower = followFromCheckpoint(
      { eventStore: scratch.store, checkpoints: store as CheckpointStore, logger: quietLogger },
      'process:test',
      async (events, progress) => {
        await progress(events[2]!.position);
        return events.at(-1)!.position;
      },
    );
    follower.start();
    expect(await follower.waitFor(head, 3_000)).to.equal(true);
    await follower.stop();
    expect(saved).to.deep.equal([
      ['process:test', head - 3],
      ['process:test', head],
    ]);
  });

  it('resumes after the checkpoint it saved: a restart handles nothing twice', async () => {
    const first = await appendSix();
    const { store } = savingCheckpoints();
    const seen: RecordedEvent[] = [];
    const follow = () =>
      followFromCheckpoint(
        { eventStore: scratch.store, checkpoints: store as CheckpointStore, logger: quietLogger },
        'process:test',
        async (events) => {
          seen.push(...events);
          return events.at(-1)!.position;
        },
      );
    const before = follow();
    before.start();
    await before.waitFor(first, 3_000);
    await before.stop();
    const second = await appendSix();
    const after = follow();
    after.start();
    expect(await after.waitFor(second, 3_000)).to.equal(true);
    await after.stop();
    expect(seen.map((event) => event.position)).to.deep.equal(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('reads and writes one entry of the checkpoint store through checkpointIn', async () => {
    const { saved, store } = savingCheckpoints(7);
    const checkpoint = checkpointIn(store, 'read-model:x');
    expect(await checkpoint.load()).to.equal(7);
    await checkpoint.save(9);
    expect(saved).to.deep.equal([['read-model:x', 9]]);
  });
});
