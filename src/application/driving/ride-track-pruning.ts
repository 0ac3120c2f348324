import type { Clock } from '../ports/clock.js';
import type { RideTracks } from '../ports/ride-tracks.js';

export type RideTrackPruningDependencies = {
  tracks: Pick<RideTracks, 'prune'>;
  clock: Clock;
  logger: { warn: (details: object, message: string) => void };
};

/**
 * Positions are kept `retentionMs` (long enough to measure any ride at its finish), then dropped:
 * checked every `retentionMs`, at most every ten minutes. A failed prune is retried at the next one.
 */
export const rideTrackPruning = ({ tracks, clock, logger }: RideTrackPruningDependencies, retentionMs: number) => {
  let pruning: NodeJS.Timeout | undefined;
  const prune = () =>
    tracks
      .prune(new Date(clock.now().getTime() - retentionMs).toISOString())
      .catch((error: unknown) => logger.warn({ err: error }, 'pruning ride tracks failed'));
  return {
    name: 'ride-track-pruning',
    start: () => {
      pruning = setInterval(() => void prune(), Math.min(600_000, retentionMs)).unref();
    },
    stop: async () => clearInterval(pruning),
  };
};
