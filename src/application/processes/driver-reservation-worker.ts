import { dispatchDecider, dispatchStream } from '../../domain/dispatch/dispatch.js';
import { driverStream } from '../../domain/driver/driver.js';
import { systemActor } from '../../domain/shared/actor.js';
import { send } from '../aggregates.js';
import type { CommandHandler } from '../command-handler.js';
import { contextFromEvent } from '../context.js';
import { type CheckpointStore, checkpointNames } from '../ports/checkpoint-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import { CheckpointedFollower, followFromCheckpoint } from '../log-follower/checkpointed-follower.js';
import { inOrderPerKey } from '../log-follower/in-order-per-key.js';
import type { FollowerLogger, LogFollower } from '../log-follower/log-follower.js';
import { reservationVerdict } from './driver-reservations.js';

export type DriverReservationWorkerDependencies = {
  eventStore: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  logger: FollowerLogger & { info: (details: object, message: string) => void };
};

/** How often a reservation whose call is still open is looked at again until the bound. */
const RECHECK_MS = 200;

/**
 * Makes a driver's reservation self-healing. Accepting writes twice (reserve the driver, then
 * accept on the dispatch); a crash or a store failure between the two, or before a lost race's
 * release, would leave the driver busy for good. This follows every `DriverAssigned` in the log
 * and releases the driver when the dispatch names another driver, is closed, or was not accepted
 * within `timeoutMs`. Releasing is idempotent (the driver's decider answers `[]` once released), a
 * reservation already released or superseded is skipped, and the checkpoint is saved only after a
 * whole batch is settled, so a restart looks at every reservation still undecided again.
 */
export class DriverReservationWorker extends CheckpointedFollower {
  readonly name = checkpointNames.process('driver-reservations');
  protected readonly follower: LogFollower;
  private running = false;
  private readonly sleepers = new Set<() => void>();

  constructor(
    private readonly deps: DriverReservationWorkerDependencies,
    private readonly options: { timeoutMs: number },
  ) {
    super();
    this.follower = followFromCheckpoint(deps, this.name, async (events) => {
      const reservations = events.filter((event) => event.type === 'DriverAssigned');
      await inOrderPerKey(
        reservations,
        (event) => event.streamName,
        (event) => this.settle(event),
      );
      // Stopped while waiting: what was not settled must be looked at again after a restart.
      if (!this.running) return undefined;
      return events.at(-1)!.position;
    });
  }

  override start(): void {
    this.running = true;
    super.start();
  }

  override async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.sleepers) wake();
    await super.stop();
  }

  private async settle(recorded: RecordedEvent & { type: 'DriverAssigned' }): Promise<void> {
    const { driverId, callId, at } = recorded.data;
    while (this.running) {
      // Released since, or assigned again (which needs a release first): nothing left to heal here.
      const later = await this.deps.eventStore.readStream(driverStream(driverId), { fromRevision: recorded.revision + 1 });
      if (later.some((event) => event.type === 'DriverReleased' || event.type === 'DriverAssigned')) return;
      const { state } = await this.deps.commands.load(dispatchDecider, dispatchStream(callId));
      const now = this.deps.clock.now();
      const verdict = reservationVerdict(state, driverId, Date.parse(at), now.getTime(), this.options.timeoutMs);
      if (verdict.kind === 'keep') return;
      if (verdict.kind === 'release') {
        const context = contextFromEvent(recorded, systemActor('driver-reservations'), now);
        await send(
          this.deps.commands,
          {
            aggregate: 'driver',
            id: driverId,
            command: { type: 'ReleaseDriver', data: { driverId, callId, reason: verdict.reason, at: context.timestamp } },
          },
          context,
        );
        this.deps.logger.info({ driverId, callId, reason: verdict.reason }, 'released a driver reserved for a call they did not get');
        return;
      }
      // Usually the accept's second write is a moment away: look again soon, not only at the bound.
      await this.sleep(Math.min(verdict.until - now.getTime(), RECHECK_MS));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }
}
