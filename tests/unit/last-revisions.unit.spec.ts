import { expect } from 'chai';
import { LastRevisions } from '../../src/infrastructure/event-store/last-revisions.js';

describe('Last revisions noted by an event store connection', () => {
  it('answers "nothing new" only from after a noted end, while nobody else committed', () => {
    const database = { version: 1 };
    const noted = new LastRevisions(() => database.version);
    expect(noted.knownBelow('s', 0)).to.equal(false);
    noted.note('s', 3);
    expect([noted.knownBelow('s', 4), noted.knownBelow('s', 3)]).to.deep.equal([true, false]);
    database.version = 2; // another connection committed
    expect(noted.knownBelow('s', 4)).to.equal(false);
  });

  it('does not note what it learnt after another connection committed, which may have written after it', () => {
    const database = { version: 1 };
    const noted = new LastRevisions(() => database.version);
    noted.note('s', 1);
    database.version = 2;
    noted.note('s', 3);
    expect(noted.knownBelow('s', 4)).to.equal(false);
    noted.note('s', 5);
    expect(noted.knownBelow('s', 6)).to.equal(true);
  });
});
