import type { Clock } from '../../application/ports/clock.js';
import type { EventStore } from '../../application/ports/event-store.js';
import type { ProjectionProgress } from './metrics.js';

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
