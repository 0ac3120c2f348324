import { expect } from 'chai';
import { PingRateLimit } from '../../../src/infrastructure/http/channel/ping-rate-limit.js';

describe('The channel rate limit (a token bucket per channel)', () => {
  const limitAt = (clock: { now: number }) => new PingRateLimit({ perSecond: 10, burst: 5, closeAfterDropsPerSecond: 20 }, () => clock.now);

  it('lets a burst through at once, then drops and says so once a second', () => {
    const clock = { now: 0 };
    const limit = limitAt(clock);
    const verdicts = Array.from({ length: 9 }, () => limit.take());
    expect(verdicts).to.deep.equal(['ok', 'ok', 'ok', 'ok', 'ok', 'tell', 'drop', 'drop', 'drop']);
    clock.now = 999;
    // Ten tokens' worth of time passed, but the bucket holds five.
    expect(Array.from({ length: 7 }, () => limit.take())).to.deep.equal(['ok', 'ok', 'ok', 'ok', 'ok', 'drop', 'drop']);
    clock.now = 1_100;
    expect(limit.take()).to.equal('ok');
    // A second after the last warning: warned again.
    expect(limit.take()).to.equal('tell');
  });

  it('keeps up with a driver at the sustained rate, without a drop', () => {
    const clock = { now: 0 };
    const limit = limitAt(clock);
    const verdicts = Array.from({ length: 200 }, (_, i) => ((clock.now = i * 100), limit.take()));
    expect(verdicts.filter((verdict) => verdict !== 'ok')).to.deep.equal([]);
  });

  it('closes a channel that drops more than the limit within one second', () => {
    const clock = { now: 0 };
    const limit = limitAt(clock);
    const verdicts = Array.from({ length: 30 }, () => limit.take());
    // Five through, then the 21st message dropped within the second closes.
    expect(verdicts.indexOf('close')).to.equal(5 + 20);
  });
});
