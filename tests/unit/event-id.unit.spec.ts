import { expect } from 'chai';
import { validate, version } from 'uuid';
import { newEventId } from '../../src/application/event-id.js';

describe('Event ids', () => {
  it('are distinct UUIDv7s that sort in the order they were made, across refills of the random pool', () => {
    const ids = Array.from({ length: 2_000 }, () => newEventId());
    expect(ids.every((id) => validate(id) && version(id) === 7)).to.equal(true);
    expect(new Set(ids).size).to.equal(ids.length);
    expect([...ids].sort()).to.deep.equal(ids);
  });

  it('carry the time they were made in their first 48 bits', () => {
    const before = Date.now();
    const id = newEventId();
    const msecs = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(msecs).to.be.within(before, Date.now() + 1);
  });
});
