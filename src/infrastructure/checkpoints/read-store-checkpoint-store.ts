import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { ReadStore } from '../../application/ports/read-store.js';

/**
 * Consumers' progress kept with the read models (MongoDB in production): every worker replica,
 * on any host, sees the same progress, and nothing durable lives on the container's disk.
 * The read store never moves a checkpoint back on commit, so a slow replica cannot undo a fast one.
 */
export class ReadStoreCheckpointStore implements CheckpointStore {
  constructor(private readonly readStore: ReadStore) {}

  load(consumer: string): Promise<number> {
    return this.readStore.getCheckpoint(consumer);
  }

  save(consumer: string, position: number): Promise<void> {
    return this.readStore.commit(consumer, [], position);
  }
}
