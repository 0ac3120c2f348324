import { expect } from 'chai';
import { WrittenKeys } from '../../../src/projections/written-keys.js';

describe('The keys a rebuild has written (WrittenKeys)', () => {
  it('holds every key added: a rebuild never takes a written document for a new one', () => {
    const written = new WrittenKeys();
    const keys = Array.from({ length: 50_000 }, (_, index) => `call-${index}-${(index * 7919).toString(36)}`);
    for (const key of keys) written.add(key);
    expect(keys.filter((key) => !written.mayHold(key))).to.deep.equal([]);
  });

  it('answers "never written" for nearly every other key, so a new document costs no read of the store', () => {
    const written = new WrittenKeys();
    for (let index = 0; index < 200_000; index++) written.add(`written-${index}`);
    const others = Array.from({ length: 20_000 }, (_, index) => `other-${index}`);
    const falsePositives = others.filter((key) => written.mayHold(key)).length;
    expect(falsePositives).to.be.below(others.length / 1_000);
  });

  it('starts empty', () => {
    expect(new WrittenKeys().mayHold('call-1')).to.equal(false);
  });
});
