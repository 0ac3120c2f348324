import { expect } from 'chai';
import { WindowCounts } from '../../../src/infrastructure/http/rate-limits/window-counts.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Rate limit windows kept in memory', () => {
  it('counts each key on its own within a window that starts at its first hit', () => {
    const counts = new WindowCounts(60_000);
    const before = Date.now();
    const first = counts.hit('ip:a');
    expect([counts.hit('ip:a').totalHits, counts.hit('ip:b').totalHits, counts.hit('ip:a').totalHits]).to.deep.equal([2, 1, 3]);
    expect(first.resetTime!.getTime()).to.be.within(before + 60_000, Date.now() + 60_000);
  });

  it('starts a new window once the old one has passed, for a key hit all along and for one that paused', async () => {
    const counts = new WindowCounts(60);
    counts.hit('paused');
    const steady: number[] = [];
    for (let i = 0; i < 8; i++) {
      steady.push(counts.hit('steady').totalHits);
      await pause(20);
    }
    // Hit every 20 ms, the key never leaves the store: only its window's end starts the count again.
    expect(Math.max(...steady)).to.be.at.most(4);
    expect(steady.indexOf(1, 1)).to.be.greaterThan(0);
    expect(counts.hit('paused').totalHits).to.equal(1);
  });
});
