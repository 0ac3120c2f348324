/** Durable progress of a consumer of the global log (a saga worker, a notifier, a projection). */
export interface CheckpointStore {
  /** The last position handled, 0 when never run. */
  load(consumer: string): Promise<number>;
  save(consumer: string, position: number): Promise<void>;
}

export const CHECKPOINT_STORE = Symbol.for('CheckpointStore');
