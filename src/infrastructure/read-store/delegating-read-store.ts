import type { Checkpoint } from '../../application/ports/checkpoint-store.js';
import type {
  CollectionSwap,
  DocumentChange,
  Filter,
  FindOptions,
  IndexSpec,
  ProjectionCommit,
  ReadDocument,
  ReadStore,
} from '../../application/ports/read-store.js';

/**
 * A read store that hands every call to another one. A decorator (sealing personal fields)
 * extends it and overrides only what it changes, instead of repeating the rest.
 */
export abstract class DelegatingReadStore implements ReadStore {
  constructor(protected readonly inner: ReadStore) {}

  get swapIsAtomic(): boolean {
    return this.inner.swapIsAtomic;
  }

  get<T extends ReadDocument = ReadDocument>(collection: string, id: string): Promise<T | null> {
    return this.inner.get<T>(collection, id);
  }

  find<T extends ReadDocument = ReadDocument>(collection: string, filter: Filter, options?: FindOptions): Promise<T[]> {
    return this.inner.find<T>(collection, filter, options);
  }

  commit(projection: string, changes: readonly DocumentChange[], checkpoint: number): Promise<void> {
    return this.inner.commit(projection, changes, checkpoint);
  }

  commitAll(commits: readonly ProjectionCommit[]): Promise<void> {
    return this.inner.commitAll(commits);
  }

  ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void> {
    return this.inner.ensureIndexes(collection, indexes);
  }

  replaceCollections(swaps: readonly CollectionSwap[], checkpoint: Checkpoint): Promise<void> {
    return this.inner.replaceCollections(swaps, checkpoint);
  }

  dropCollection(collection: string): Promise<void> {
    return this.inner.dropCollection(collection);
  }

  getCheckpoint(name: string): Promise<number> {
    return this.inner.getCheckpoint(name);
  }

  saveCheckpoint(name: string, position: number): Promise<void> {
    return this.inner.saveCheckpoint(name, position);
  }

  listCheckpoints(): Promise<Checkpoint[]> {
    return this.inner.listCheckpoints();
  }

  resetCheckpoint(name: string): Promise<void> {
    return this.inner.resetCheckpoint(name);
  }

  renameCheckpoint(from: string, to: string): Promise<void> {
    return this.inner.renameCheckpoint(from, to);
  }

  ping(): Promise<boolean> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
