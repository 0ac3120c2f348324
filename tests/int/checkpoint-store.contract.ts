import { expect } from 'chai';
import type { CheckpointStore } from '../../src/application/ports/checkpoint-store.js';
import { renameLegacyCheckpoints } from '../../src/infrastructure/checkpoints/legacy-checkpoint-names.js';

export type CheckpointStoreFactory = () => Promise<{ store: CheckpointStore; cleanup: () => Promise<void> }>;

/** What every adapter of the checkpoint port must do; each adapter's spec runs it against a fresh store. */
export const checkpointStoreContract = (name: string, open: CheckpointStoreFactory) =>
  describe(`CheckpointStore contract — ${name}`, () => {
    let store: CheckpointStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await open()));
    afterEach(async () => cleanup());

    it('answers 0 for a follower that never ran', async () => {
      expect(await store.getCheckpoint('process:never-ran')).to.equal(0);
    });

    it('moves a checkpoint forward and never back', async () => {
      await store.saveCheckpoint('process:a', 10);
      await store.saveCheckpoint('process:a', 25);
      await store.saveCheckpoint('process:a', 7);
      expect(await store.getCheckpoint('process:a')).to.equal(25);
    });

    it('keeps each follower to its own checkpoint, and lists them by name', async () => {
      await store.saveCheckpoint('process:b', 3);
      await store.saveCheckpoint('live:a', 9);
      expect(await store.listCheckpoints()).to.deep.equal([
        { name: 'live:a', position: 9 },
        { name: 'process:b', position: 3 },
      ]);
    });

    it('forgets a reset checkpoint, so its follower starts again from the first event', async () => {
      await store.saveCheckpoint('process:a', 10);
      await store.resetCheckpoint('process:a');
      expect(await store.getCheckpoint('process:a')).to.equal(0);
      expect(await store.listCheckpoints()).to.deep.equal([]);
    });

    it('renames a checkpoint, keeping its position', async () => {
      await store.saveCheckpoint('notifier', 42);
      await store.renameCheckpoint('notifier', 'process:notifier');
      expect(await store.listCheckpoints()).to.deep.equal([{ name: 'process:notifier', position: 42 }]);
    });

    it('keeps the new name when both exist, drops the old one, and ignores a missing one', async () => {
      await store.saveCheckpoint('notifier', 42);
      await store.saveCheckpoint('process:notifier', 50);
      await store.renameCheckpoint('notifier', 'process:notifier');
      await store.renameCheckpoint('nobody', 'process:nobody');
      expect(await store.listCheckpoints()).to.deep.equal([{ name: 'process:notifier', position: 50 }]);
    });

    it('carries the checkpoints of an older version over to the names of the rule, twice harmlessly', async () => {
      await store.saveCheckpoint('dashboard', 100);
      await store.saveCheckpoint('payment-retry', 80);
      await store.saveCheckpoint('process:ride-lifecycle', 90);
      await renameLegacyCheckpoints(store);
      await renameLegacyCheckpoints(store);
      expect(await store.listCheckpoints()).to.deep.equal([
        { name: 'process:payment-retry', position: 80 },
        { name: 'process:ride-lifecycle', position: 90 },
        { name: 'read-model:dashboard', position: 100 },
      ]);
    });
  });
