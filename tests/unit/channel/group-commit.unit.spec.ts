import { expect } from 'chai';
import { GroupCommit } from '../../../src/infrastructure/geo/group-commit.js';

describe('Group commit', () => {
  it('writes what was added within the window as one batch, and answers every adder when it is written', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number>(async (items) => void batches.push(items), { windowMs: 5, maxBatch: 100 });
    await Promise.all([1, 2, 3].map((n) => commit.add(n)));
    await commit.add(4);
    expect(batches).to.deep.equal([[1, 2, 3], [4]]);
  });

  it('writes a full batch at once, without waiting out the window', async () => {
    const batches: number[][] = [];
    const commit = new GroupCommit<number>(async (items) => void batches.push(items), { windowMs: 60_000, maxBatch: 2 });
    await Promise.all([commit.add(1), commit.add(2)]);
    expect(batches).to.deep.equal([[1, 2]]);
    const third = commit.add(3);
    await commit.drain();
    await third;
    expect(batches).to.deep.equal([[1, 2], [3]]);
  });

  it('fails every adder of a batch whose write failed, and goes on with the next batch', async () => {
    let fail = true;
    const commit = new GroupCommit<number>(
      async () => {
        if (fail) throw new Error('store unreachable');
      },
      { windowMs: 1, maxBatch: 100 },
    );
    const outcomes = await Promise.allSettled([commit.add(1), commit.add(2)]);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected']);
    fail = false;
    await commit.add(3);
  });
});
