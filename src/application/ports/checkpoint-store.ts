import { type Token, token } from './token.js';

/** How far one follower of the log has got. */
export type Checkpoint = { name: string; position: number };

/**
 * The one checkpoint port: the durable progress of every follower of the global log (read models,
 * process managers, the notifier, payment retries, auto-dispatch, the offer board). A follower
 * reads and writes only its own checkpoint, named by `checkpointNames`.
 */
export interface CheckpointStore {
  /** The last position the follower handled, 0 when it never ran. */
  getCheckpoint(name: string): Promise<number>;
  /** Moves the checkpoint forward; never back, so a slow replica cannot undo a faster one's progress. */
  saveCheckpoint(name: string, position: number): Promise<void>;
  /** Sorted by name. */
  listCheckpoints(): Promise<Checkpoint[]>;
  /** Forgets the checkpoint: the follower starts again from the first event. */
  resetCheckpoint(name: string): Promise<void>;
  /**
   * Gives `from`'s position to `to` and forgets `from`, unless `to` already exists (then only
   * `from` is forgotten); a missing `from` is fine. For renaming checkpoints when a store is opened.
   */
  renameCheckpoint(from: string, to: string): Promise<void>;
}

export const CHECKPOINT_STORE: Token<CheckpointStore> = token('CheckpointStore');

/** The rule every checkpoint name follows: what kind of follower it belongs to, then its name. */
export const checkpointNames = {
  /** A read model's live checkpoint, committed with its documents. */
  readModel: (name: string) => `read-model:${name}`,
  /** A read model being rebuilt into its shadow collection. */
  rebuild: (name: string) => `rebuild:${name}`,
  /** A process manager, or any follower whose reactions have effects (commands, charges, messages). */
  process: (name: string) => `process:${name}`,
  /** A view kept in memory by an API process (the offer board). */
  live: (name: string) => `live:${name}`,
} as const;
