import { type CheckpointStore, checkpointNames } from '../../application/ports/checkpoint-store.js';
import type { Clock } from '../../application/ports/clock.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { ProjectionProgress } from './progress-gauges.js';

/**
 * A projection's progress as a scrape sees it. Lag in events says how much is left; lag in seconds
 * (the age of the oldest event not applied yet) is what an alert can hold to a promise like "the
 * dashboard is at most 5 s behind", whatever the traffic.
 */
export const projectionProgress = async (
  eventStore: Pick<EventStore, 'headPosition' | 'readAll'>,
  clock: Clock,
  position: number,
): Promise<ProjectionProgress> => {
  const head = await eventStore.headPosition();
  if (position >= head) return { position, head, lagSeconds: 0 };
  const [oldestPending] = await eventStore.readAll({ after: position, maxCount: 1 });
  const lagMs = oldestPending ? clock.now().getTime() - Date.parse(oldestPending.metadata.timestamp) : 0;
  return { position, head, lagSeconds: Math.max(0, lagMs) / 1000 };
};

/**
 * Every follower's progress but the read models' (which the projection gauges report), read where
 * the followers save it: the checkpoint store's entries named `process:…` and `live:…`.
 */
export const followerProgress = async (
  checkpoints: Pick<CheckpointStore, 'listCheckpoints'>,
  eventStore: Pick<EventStore, 'headPosition' | 'readAll'>,
  clock: Clock,
): Promise<Map<string, ProjectionProgress>> => {
  const followers = (await checkpoints.listCheckpoints()).filter(({ name }) => FOLLOWER_PREFIXES.some((prefix) => name.startsWith(prefix)));
  const progress = await Promise.all(
    followers.map(async ({ name, position }) => [name, await projectionProgress(eventStore, clock, position)] as const),
  );
  return new Map(progress);
};

const FOLLOWER_PREFIXES = [checkpointNames.process(''), checkpointNames.live('')];
