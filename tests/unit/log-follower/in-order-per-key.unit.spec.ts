import { expect } from 'chai';
import { inOrderPerKey } from '../../../src/application/log-follower/in-order-per-key.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
type Item = { key: string; n: number };
const items = (...spec: string[]): Item[] => spec.map((key, n) => ({ key, n }));
const byKey = (item: Item) => item.key;

/** Work that takes `turns` event-loop turns per item, recording starts, ends and the most at once. */
const recorder = (turns: (item: Item) => number = () => 1, fail?: (item: Item) => boolean) => {
  const log: string[] = [];
  let running = 0;
  let most = 0;
  const work = async (item: Item) => {
    running += 1;
    most = Math.max(most, running);
    log.push(`start ${item.n}`);
    for (let i = 0; i < turns(item); i++) await tick();
    running -= 1;
    if (fail?.(item)) throw new Error(`${item.n} fails`);
    log.push(`end ${item.n}`);
  };
  return { work, log, most: () => most };
};

describe('inOrderPerKey', () => {
  it('runs the items of one key one after another, in their order', async () => {
    const { work, log } = recorder();
    await inOrderPerKey(items('a', 'a', 'a'), byKey, work);
    expect(log).to.deep.equal(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('overlaps different keys, starting items in their order', async () => {
    const { work, log, most } = recorder();
    await inOrderPerKey(items('a', 'b', 'c', 'a', 'b'), byKey, work);
    expect(most()).to.equal(3);
    expect(log.filter((line) => line.startsWith('start'))).to.deep.equal(['start 0', 'start 1', 'start 2', 'start 3', 'start 4']);
    expect(log.indexOf('end 0')).to.be.below(log.indexOf('start 3'));
    expect(log.indexOf('end 1')).to.be.below(log.indexOf('start 4'));
  });

  it('runs no further ahead than the window past the oldest unfinished item', async () => {
    // Item 0 is slow: with a window of 3, items 3 and later wait for it however fast the rest are.
    const { work, log, most } = recorder((item) => (item.n === 0 ? 20 : 1));
    const prefixes: number[] = [];
    await inOrderPerKey(items('a', 'b', 'c', 'd', 'e', 'f'), byKey, work, { window: 3, onFinishedPrefix: (count) => void prefixes.push(count) });
    expect(most()).to.equal(3);
    expect(log.indexOf('end 0')).to.be.below(log.indexOf('start 3'));
    expect(prefixes.at(0)).to.equal(3);
    expect(prefixes.at(-1)).to.equal(6);
    expect([...prefixes].sort((x, y) => x - y)).to.deep.equal(prefixes);
  });

  it('with a window of 1 runs one item at a time, in order', async () => {
    const { work, log, most } = recorder();
    await inOrderPerKey(items('a', 'b', 'a', 'c'), byKey, work, { window: 1 });
    expect(most()).to.equal(1);
    expect(log).to.deep.equal(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('after a failure starts nothing new, lets what runs finish, then rejects with that failure', async () => {
    const { work, log } = recorder(
      (item) => (item.n === 1 ? 3 : 1),
      (item) => item.n === 0,
    );
    const prefixes: number[] = [];
    const outcome = inOrderPerKey(items('a', 'b', 'a', 'c'), byKey, work, { onFinishedPrefix: (count) => void prefixes.push(count) });
    expect(
      await outcome.then(
        () => null,
        (error: Error) => error.message,
      ),
    ).to.equal('0 fails');
    expect(log).to.include('end 1');
    expect(log).to.not.include('start 2');
    expect(prefixes, 'nothing finished before the failed item').to.deep.equal([]);
  });

  it('does nothing for no items', async () => {
    await inOrderPerKey(
      [],
      () => 'x',
      () => Promise.reject(new Error('never called')),
    );
  });
});
