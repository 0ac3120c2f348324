import { expect } from 'chai';
import type { PersonalDataKeys } from '../../src/application/ports/personal-data-keys.js';

export type KeysFixture = { keys: PersonalDataKeys; other: () => PersonalDataKeys; cleanup: () => Promise<void> };

/** What every key store must do; run against SQLite and MongoDB. `other` is a second connection to the same store. */
export const personalDataKeysContract = (name: string, open: () => Promise<KeysFixture>) =>
  describe(`PersonalDataKeys contract — ${name}`, () => {
    let fixture: KeysFixture;
    beforeEach(async () => {
      fixture = await open();
    });
    afterEach(async () => fixture.cleanup());

    it('creates a 32-byte key on first use and answers the same key afterwards', async () => {
      const key = await fixture.keys.keyFor('passenger:p-1');
      expect(key).to.be.instanceOf(Buffer);
      expect(key!.length).to.equal(32);
      expect((await fixture.keys.keyFor('passenger:p-1'))!.equals(key!)).to.equal(true);
      expect((await fixture.keys.find('passenger:p-1'))!.equals(key!)).to.equal(true);
    });

    it('gives every subject a key of its own', async () => {
      const a = await fixture.keys.keyFor('passenger:p-1');
      const b = await fixture.keys.keyFor('driver:p-1');
      expect(a!.equals(b!)).to.equal(false);
    });

    it('finds nothing for a subject that never had a key', async () => {
      expect(await fixture.keys.find('passenger:nobody')).to.equal(null);
    });

    it('makes many subjects first needed at once a key each, and answers one key to all who ask for the same subject', async () => {
      const subjects = Array.from({ length: 40 }, (_, i) => `passenger:p-${i % 20}`);
      const keys = await Promise.all(subjects.map((subject) => fixture.keys.keyFor(subject)));
      expect(new Set(keys.map((key) => key!.toString('hex'))).size).to.equal(20);
      keys.forEach((key, i) => expect(key!.equals(keys[i % 20]!)).to.equal(true));
      expect((await fixture.keys.find('passenger:p-7'))!.equals(keys[7]!)).to.equal(true);
    });

    it('agrees on one key when two connections create it together', async () => {
      const second = fixture.other();
      try {
        const [a, b] = await Promise.all([fixture.keys.keyFor('driver:d-1'), second.keyFor('driver:d-1')]);
        expect(a!.equals(b!)).to.equal(true);
      } finally {
        await second.close();
      }
    });

    it('destroys a key for good: find and keyFor answer null afterwards, also to another connection', async () => {
      await fixture.keys.keyFor('passenger:p-1');
      await fixture.keys.destroy('passenger:p-1', '2026-03-01T10:00:00.000Z');
      expect(await fixture.keys.find('passenger:p-1')).to.equal(null);
      expect(await fixture.keys.keyFor('passenger:p-1')).to.equal(null);
      const second = fixture.other();
      try {
        expect(await second.keyFor('passenger:p-1')).to.equal(null);
      } finally {
        await second.close();
      }
    });

    it('destroys a subject that never had a key, and again without harm', async () => {
      await fixture.keys.destroy('driver:d-9', '2026-03-01T10:00:00.000Z');
      await fixture.keys.destroy('driver:d-9', '2026-03-02T10:00:00.000Z');
      expect(await fixture.keys.keyFor('driver:d-9')).to.equal(null);
    });

    it('answers a ping', async () => {
      expect(await fixture.keys.ping()).to.equal(true);
    });
  });
