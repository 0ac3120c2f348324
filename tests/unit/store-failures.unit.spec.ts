import { expect } from 'chai';
import { WrongExpectedRevisionError } from '../../src/application/ports/event-store.js';
import { StoreUnavailableError } from '../../src/application/ports/store-unavailable.js';
import { withStoreErrors } from '../../src/infrastructure/stores/store-failures.js';

const failing = (error: unknown) => ({
  rejects: async () => {
    throw error as Error;
  },
  throws: () => {
    throw error as Error;
  },
  answers: async () => 42,
  flag: true,
});

const rejectionOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('resolved'),
    (error: unknown) => error,
  );

describe('Store failures at the port', () => {
  it('turns a locked SQLite file into "busy" and a refused connection into "unreachable"', async () => {
    const busy = await rejectionOf(withStoreErrors(failing(Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }))).rejects());
    expect(busy).to.be.instanceOf(StoreUnavailableError).and.to.include({ reason: 'busy' });
    const refused = await rejectionOf(withStoreErrors(failing(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).rejects());
    expect(refused).to.be.instanceOf(StoreUnavailableError).and.to.include({ reason: 'unreachable' });
  });

  it('turns a full, read-only or failing disk into "unreachable", extended result codes included', async () => {
    for (const code of ['SQLITE_FULL', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_IOERR_WRITE']) {
      const error = await rejectionOf(withStoreErrors(failing(Object.assign(new Error(code), { code }))).rejects());
      expect([code, error instanceof StoreUnavailableError && error.reason]).to.deep.equal([code, 'unreachable']);
    }
  });

  it('recognises a MongoDB client that lost its server by the error class name, also when thrown synchronously', () => {
    const lost = Object.assign(new Error('no server'), { name: 'MongoServerSelectionError' });
    expect(() => withStoreErrors(failing(lost)).throws()).to.throw(StoreUnavailableError);
  });

  it('passes every other failure through as it is, and answers and properties unchanged', async () => {
    const conflict = new WrongExpectedRevisionError('s', 1, 2);
    expect(await rejectionOf(withStoreErrors(failing(conflict)).rejects())).to.equal(conflict);
    const adapter = withStoreErrors(failing(new Error('x')));
    expect(await adapter.answers()).to.equal(42);
    expect(adapter.flag).to.equal(true);
  });
});
