import { expect } from 'chai';
import { WriteHealth } from '../../src/infrastructure/event-store/write-health.js';

describe('Event store write health', () => {
  let now = 0;
  let failures = 0;
  const health = () =>
    new WriteHealth(
      10_000,
      () => (failures += 1),
      () => now,
    );
  beforeEach(() => {
    now = Date.parse('2026-01-01T00:00:00.000Z');
    failures = 0;
  });

  it('is ok before any write', () => {
    expect(health().status()).to.deep.equal({ ok: true, consecutiveFailures: 0, lastFailureAt: null, lastError: null });
  });

  it('reports a failed write, with its error, until a write succeeds', () => {
    const writes = health();
    writes.failed(new Error('SQLITE_FULL: database or disk is full'));
    writes.failed(new Error('SQLITE_FULL: database or disk is full'));
    expect(writes.status()).to.include({
      ok: false,
      consecutiveFailures: 2,
      lastError: 'SQLITE_FULL: database or disk is full',
      lastFailureAt: '2026-01-01T00:00:00.000Z',
    });
    expect(failures).to.equal(2);
    writes.succeeded();
    expect(writes.status()).to.include({ ok: true, consecutiveFailures: 0 });
  });

  it('counts as ok again once the window has passed without a new failure, so traffic is offered again', () => {
    const writes = health();
    writes.failed(new Error('disk full'));
    now += 10_000;
    expect(writes.status().ok).to.equal(false);
    now += 1;
    expect(writes.status()).to.include({ ok: true, consecutiveFailures: 1 });
  });
});
