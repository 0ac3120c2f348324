import { type CheckpointStore, checkpointNames } from '../../application/ports/checkpoint-store.js';

/**
 * Checkpoint names from before they followed one rule (`checkpointNames`). Stores written by an
 * older version are renamed when opened, so no follower starts again from the first event.
 * `process:ride-lifecycle`, `process:payment-compensation` and `process:auto-dispatch` already
 * followed the rule.
 */
const LEGACY: ReadonlyArray<readonly [from: string, to: string]> = [
  ['dashboard', checkpointNames.readModel('dashboard')],
  ['call-list', checkpointNames.readModel('call-list')],
  ['drivers', checkpointNames.readModel('drivers')],
  ['notifications', checkpointNames.readModel('notifications')],
  ['notifier', checkpointNames.process('notifier')],
  ['payment-retry', checkpointNames.process('payment-retry')],
];

/**
 * Idempotent: a name already moved is missing, and a new name already written is kept. During a
 * rolling update an old replica may write an old name once more; the next open drops it, and at
 * worst a follower handles a few events again, which every follower tolerates.
 */
export const renameLegacyCheckpoints = async (store: CheckpointStore): Promise<void> => {
  for (const [from, to] of LEGACY) await store.renameCheckpoint(from, to);
};

/**
 * Lease names from before a worker's lease was named like its checkpoint. A new replica holds these
 * too (LeasedWorker's `legacyNames`), so an old one still running during a rolling update cannot
 * run the same worker beside it. Drop an entry once no replica of the old version is left.
 */
export const LEGACY_LEASE_NAMES: Readonly<Record<string, readonly string[]>> = {
  [checkpointNames.process('notifier')]: ['notifier'],
  [checkpointNames.process('payment-retry')]: ['payment-retry'],
};
