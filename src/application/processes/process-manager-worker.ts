import { systemActor } from '../../domain/shared/actor.js';
import { isDomainError } from '../../domain/shared/domain-error.js';
import { send } from '../aggregates.js';
import type { CommandHandler } from '../command-handler.js';
import { contextFromEvent } from '../context.js';
import { type CheckpointStore, checkpointNames } from '../ports/checkpoint-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import type { LogFollower, FollowerLogger } from '../log-follower/log-follower.js';
import { inOrderPerKey } from '../log-follower/in-order-per-key.js';
import { followFromCheckpoint, CheckpointedFollower } from '../log-follower/checkpointed-follower.js';
import type { ProcessManager } from './process-manager.js';

export type ProcessManagerWorkerDependencies = {
  eventStore: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  logger: FollowerLogger & { info: (details: object, message: string) => void };
};

/**
 * Runs one process manager over the global log. Within a batch, reactions start in log order and
 * overlap across ordering keys, one key's one after another: reacting one event after another
 * made every command wait for its own group commit, and at 100 rides/s the ride lifecycle fell
 * 8,850 events behind in 10 s. Its checkpoint moves after each batch; a crash between a
 * command and the checkpoint replays that event, which is harmless because every reaction is
 * idempotent. A DomainError means "this step no longer applies" (say, completing a call an
 * operator cancelled meanwhile): it is logged, never retried, and never blocks the log.
 */
export class ProcessManagerWorker extends CheckpointedFollower {
  readonly name: string;
  protected readonly follower: LogFollower;

  constructor(
    private readonly processManager: ProcessManager,
    private readonly deps: ProcessManagerWorkerDependencies,
  ) {
    super();
    this.name = checkpointNames.process(processManager.name);
    this.follower = followFromCheckpoint(deps, this.name, async (events) => {
      await inOrderPerKey(events, processManager.orderingKey, (event) => this.handle(event));
      return events.at(-1)!.position;
    });
  }

  private async handle(event: RecordedEvent): Promise<void> {
    const reactions = this.processManager.react(event);
    if (reactions.length === 0) return;
    const context = contextFromEvent(event, systemActor(this.processManager.name), this.deps.clock.now());
    for (const reaction of reactions) {
      try {
        await send(this.deps.commands, reaction, context);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        this.deps.logger.info(
          { process: this.processManager.name, eventId: event.eventId, command: reaction.command.type, code: error.code },
          'reaction no longer applies',
        );
      }
    }
  }
}
