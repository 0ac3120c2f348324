import { expect } from 'chai';
import { inOrderPerKey } from '../../../src/application/subscriptions/in-order-per-key.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
type Item = { key: string; n: number };
const items = (...spec: string[]): Item[] => spec.map((key, n) => ({ key, n }));

describe('inOrderPerKey', () => {
  it('runs the items of one key one after another, in their order', async () => {
    const log: string[] = [];
    await inOrderPerKey(items('a', 'a', 'a'), (item) => item.key, async ({ n }) => {
      log.push(`start ${n}`);
      await tick();
      log.push(`end ${n}`);
    });
    expect(log).to.deep.equal(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('runs different keys concurrently', async () => {
    let running = 0;
    let most = 0;
    const order: number[] = [];
    await inOrderPerKey(items('a', 'b', 'c', 'a', 'b'), (item) => item.key, async ({ n }) => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      order.push(n);
    });
    expect(most).to.equal(3);
    expect(order.indexOf(0)).to.be.below(order.indexOf(3));
    expect(order.indexOf(1)).to.be.below(order.indexOf(4));
  });

  it('stops a key at its first failure, lets the other keys finish, then rejects with that failure', async () => {
    const done: number[] = [];
    const failure = new Error('boom');
    const outcome = inOrderPerKey(items('a', 'b', 'a', 'b'), (item) => item.key, async ({ n }) => {
      await tick();
      if (n === 0) throw failure;
      await tick();
      done.push(n);
    });
    const caught = await outcome.then(() => null, (error: unknown) => error);
    expect(caught).to.equal(failure);
    expect(done.sort()).to.deep.equal([1, 3]);
  });

  it('runs at most `concurrency` keys at a time, and every key even after a failure', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    const outcome = inOrderPerKey(
      items('a', 'b', 'c', 'd', 'e', 'a'),
      (item) => item.key,
      async ({ n }) => {
        running += 1;
        most = Math.max(most, running);
        await tick();
        running -= 1;
        if (n === 1) throw new Error('b fails');
        done.push(n);
      },
      2,
    );
    expect(await outcome.then(() => null, (error: Error) => error.message)).to.equal('b fails');
    expect(most).to.equal(2);
    expect(done.sort()).to.deep.equal([0, 2, 3, 4, 5]);
  });

  it('does nothing for no items', async () => {
    await inOrderPerKey([], () => 'x', () => Promise.reject(new Error('never called')));
  });
});
