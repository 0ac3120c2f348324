import type { RoutedCommand } from '../aggregates.js';
import type { RecordedEvent } from '../ports/event-store.js';

/**
 * A process manager (saga) reacts to facts of one aggregate with commands to others. `react` is
 * pure: the commands it returns are idempotent (their deciders answer `[]` when already done), so
 * a redelivered event, a second worker replica or a use case that applied the same step inline
 * never causes a double effect. The worker carries the correlation id forward and sets the
 * causation id to the event reacted to.
 */
export type ProcessManager = {
  name: string;
  react: (event: RecordedEvent) => RoutedCommand[];
  /**
   * Reactions to events of one key run one after another in log order; those of different keys
   * overlap (their commands then share group commits). Events whose reactions could race must
   * share a key.
   */
  orderingKey: (event: RecordedEvent) => string;
};
