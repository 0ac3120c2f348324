/**
 * A store (events, read models, checkpoints, positions) did not answer right now: the caller should
 * retry shortly; nothing was lost. Adapters turn their driver's failures into this, so nothing
 * above them needs to know which database is behind a port.
 * `busy`: the store answered that it is locked by another writer, a retry very soon will do;
 * `unreachable`: the store could not be reached or failed to do I/O.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  constructor(
    readonly reason: 'busy' | 'unreachable',
    options: { cause: unknown },
  ) {
    super(reason === 'busy' ? 'The store is busy' : 'The store is unavailable', options);
  }
}
