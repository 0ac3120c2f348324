import { driverDecider, driverStream } from '../../domain/driver/driver.js';
import { contextForProcess } from '../context.js';
import { isDomainError } from '../../domain/shared/domain-error.js';
import { type RoutedCommand, send } from '../aggregates.js';
import type { CommandContext, CommandHandler } from '../command-handler.js';
import type { AvailableDrivers } from '../ports/available-drivers.js';
import { type CheckpointStore, checkpointNames } from '../ports/checkpoint-store.js';
import type { Clock } from '../ports/clock.js';
import type { EventStore, RecordedEvent } from '../ports/event-store.js';
import type { LogFollower, FollowerLogger } from '../log-follower/log-follower.js';
import { followFromCheckpoint, CheckpointedFollower } from '../log-follower/checkpointed-follower.js';
import {
  type AppliedEvent,
  type AutoDispatchSettings,
  type OpenDispatch,
  type Step,
  dispatchKeyOf,
  driverUnavailable,
  evolve,
  nextStep,
  noDriverFound,
  unavailableDriverOf,
  withdrawalSettled,
} from './auto-dispatch.process.js';
import { OfferHolders } from './offer-holders.js';

export type AutoDispatchDependencies = {
  eventStore: EventStore;
  commands: CommandHandler;
  checkpoints: CheckpointStore;
  clock: Clock;
  drivers: AvailableDrivers;
  logger: FollowerLogger & { info: (details: object, message: string) => void };
  settings: AutoDispatchSettings & { radiiMetres?: readonly number[]; candidates?: number };
  /** Resolves once the driver index has caught up; offering before would overlook drivers. */
  ready?: () => Promise<unknown>;
};

const PROCESS = 'auto-dispatch';
/**
 * The worker's checkpoint name. Its checkpoint is the position just before the oldest call still
 * open, so reading the log after it finds every offer still pending (the offer board starts there).
 */
export const AUTO_DISPATCH_CHECKPOINT = checkpointNames.process(PROCESS);
const FAULT_RETRY_MS = 1_000;
/** How long a timer whose command found the matching already moved on waits for the log to say so. */
const LOG_CATCH_UP_MS = 50;

/**
 * Runs auto-dispatch: follows the log for open calls and keeps one durable timer per call — the
 * pending offer's `expiresAt` (in the CallOffered event) or the call's deadline (request time plus
 * the total timeout). Timers are rebuilt from the log, never stored elsewhere: the checkpoint is
 * the position just before the oldest call still open, so a restart replays exactly what it needs
 * and then fires the timers already due, once — once, because each is a command decided on the
 * dispatch stream with an expected revision (a second replica firing the same timer gets `[]`).
 * A pending offer whose driver wins another call or goes offline is withdrawn at once, so the
 * call moves on to the next driver instead of waiting out the timer.
 */
export class AutoDispatchWorker extends CheckpointedFollower {
  readonly name = AUTO_DISPATCH_CHECKPOINT;
  private readonly dispatches = new Map<string, OpenDispatch>();
  private readonly holders: OfferHolders;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly inFlight = new Map<string, Promise<void>>();
  protected readonly follower: LogFollower;
  private live = false;
  private stopped = false;
  private liveFrom = Number.POSITIVE_INFINITY;

  constructor(private readonly deps: AutoDispatchDependencies) {
    super();
    this.follower = followFromCheckpoint(deps, this.name, (events) => this.handleBatch(events));
    this.holders = new OfferHolders(deps);
  }

  /** Open calls this worker is matching (for tests and metrics). */
  get openDispatches(): ReadonlyMap<string, OpenDispatch> {
    return this.dispatches;
  }

  override start(): void {
    this.stopped = false;
    void (async () => {
      await this.deps.ready?.();
      const [head, checkpoint] = await Promise.all([this.deps.eventStore.headPosition(), this.deps.checkpoints.getCheckpoint(this.name)]);
      this.liveFrom = head;
      if (this.stopped) return;
      this.follower.start();
      if (checkpoint >= head) this.goLive();
    })().catch((error: unknown) => this.deps.logger.error({ process: PROCESS, err: error }, 'auto-dispatch failed to start'));
  }

  override async stop(): Promise<void> {
    this.stopped = true;
    this.live = false;
    // Not awaiting `starting`: it may be waiting for the driver index, and it checks `stopped` itself.
    await this.follower.stop();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private async handleBatch(events: RecordedEvent[]): Promise<number> {
    const touched = new Set<string>();
    for (const event of events) {
      const callId = dispatchKeyOf(event);
      if (callId !== null) {
        this.apply(callId, event);
        touched.add(callId);
      }
      const unavailable = unavailableDriverOf(event);
      const held = unavailable && this.holders.callHeldBy(unavailable.driverId);
      const holding = held ? this.dispatches.get(held) : undefined;
      if (unavailable && holding) {
        this.dispatches.set(holding.callId, driverUnavailable(holding, unavailable, event.eventId));
        touched.add(holding.callId);
      }
    }
    const last = events.at(-1)!.position;
    let checkpoint = last;
    for (const dispatch of this.dispatches.values()) checkpoint = Math.min(checkpoint, dispatch.since - 1);
    if (!this.live && last >= this.liveFrom) this.goLive();
    else if (this.live) for (const callId of touched) this.schedule(callId);
    return checkpoint;
  }

  /** Caught up with the log as it was at start: every timer rebuilt so far may fire. */
  private goLive(): void {
    if (this.live || this.stopped) return;
    this.live = true;
    this.deps.logger.info({ process: PROCESS, open: this.dispatches.size }, 'auto-dispatch is live');
    for (const callId of this.dispatches.keys()) this.schedule(callId);
  }

  private apply(callId: string, event: AppliedEvent): void {
    const before = this.dispatches.get(callId) ?? null;
    const after = evolve(before, event, this.deps.settings);
    if (before?.offer) this.holders.release(before.offer.driverId, callId);
    if (after) {
      this.dispatches.set(callId, after);
      if (after.offer) this.holders.hold(after.offer.driverId, callId);
    } else {
      this.dispatches.delete(callId);
      clearTimeout(this.timers.get(callId));
      this.timers.delete(callId);
    }
  }

  private schedule(callId: string): void {
    clearTimeout(this.timers.get(callId));
    this.timers.delete(callId);
    const dispatch = this.dispatches.get(callId);
    if (!dispatch || !this.live || this.inFlight.has(callId)) return;
    const now = this.deps.clock.now().getTime();
    const step = nextStep(dispatch, now, this.deps.settings);
    const delay = step.kind === 'wait' ? Math.max(0, step.until - now) : 0;
    const timer = setTimeout(() => this.run(callId), delay);
    timer.unref();
    this.timers.set(callId, timer);
  }

  private run(callId: string): void {
    this.timers.delete(callId);
    const dispatch = this.dispatches.get(callId);
    if (!dispatch || !this.live || this.inFlight.has(callId)) return;
    const now = this.deps.clock.now();
    const step = nextStep(dispatch, now.getTime(), this.deps.settings);
    let retryAfterFault = false;
    let logBehind = false;
    const work = this.carryOut(dispatch, step, now)
      .then((outcome) => {
        logBehind = outcome === 'log-behind';
      })
      .catch((error: unknown) => {
        if (isDomainError(error)) {
          this.deps.logger.info({ process: PROCESS, callId, step: step.kind, code: error.code }, 'step no longer applies');
        } else {
          retryAfterFault = true;
          this.deps.logger.warn({ process: PROCESS, callId, step: step.kind, err: error }, 'auto-dispatch step failed; retrying');
        }
      })
      .finally(() => {
        this.inFlight.delete(callId);
        if (!retryAfterFault && !logBehind) return this.schedule(callId);
        const timer = setTimeout(() => this.run(callId), retryAfterFault ? FAULT_RETRY_MS : LOG_CATCH_UP_MS);
        timer.unref();
        this.timers.set(callId, timer);
      });
    this.inFlight.set(callId, work);
  }

  /**
   * `log-behind`: a timer's command decided nothing because the offer or the matching already
   * ended (another replica, an accept a moment ago), and the log has yet to bring that here; the
   * same step would decide nothing again, so it is retried after a pause, not at once.
   */
  private async carryOut(dispatch: OpenDispatch, step: Step, now: Date): Promise<'done' | 'log-behind'> {
    const { callId } = dispatch;
    const at = now.toISOString();
    const context = contextForProcess(PROCESS, callId, dispatch.causationId, now);
    switch (step.kind) {
      case 'wait':
        return 'done';
      case 'expireOffer': {
        const expired = await this.decide(
          { aggregate: 'dispatch', id: callId, command: { type: 'ExpireOffer', data: { callId, offerId: step.offerId, expiredAt: at } } },
          context,
        );
        return expired.length > 0 ? 'done' : 'log-behind';
      }
      case 'withdrawOffer': {
        const { offerId } = step;
        const command = { type: 'WithdrawOffer' as const, data: { callId, offerId, reason: 'DRIVER_UNAVAILABLE' as const, withdrawnAt: at } };
        const withdrawn = await this.decide({ aggregate: 'dispatch', id: callId, command }, context);
        const current = this.dispatches.get(callId);
        if (withdrawn.length === 0 && current) this.dispatches.set(callId, withdrawalSettled(current, offerId));
        return 'done';
      }
      case 'expireDispatch': {
        const expired = await this.decide(
          { aggregate: 'dispatch', id: callId, command: { type: 'ExpireDispatch', data: { callId, expiredAt: at } } },
          context,
        );
        // Only when this step expired it: `[]` may mean a driver accepted a moment ago, and the
        // call must then not end. The ride lifecycle repeats this should we die right here.
        if (expired.length === 0) return 'log-behind';
        await send(this.deps.commands, { aggregate: 'call', id: callId, command: { type: 'ExpireCall', data: { callId, expiredAt: at } } }, context);
        return 'done';
      }
      case 'offer': {
        const driverId = await this.holders.pick(dispatch, step.exclude);
        // Re-read: the log may have closed the call (or another replica offered it) meanwhile.
        const current = this.dispatches.get(callId);
        if (!driverId) {
          if (current) this.dispatches.set(callId, noDriverFound(current, now.getTime(), this.deps.settings));
          return 'done';
        }
        try {
          const expiresAt = new Date(step.expiresAt).toISOString();
          const offered = await this.decide(
            {
              aggregate: 'dispatch',
              id: callId,
              command: { type: 'OfferCall', data: { callId, driverId, offerId: step.offerId, offeredAt: at, expiresAt } },
            },
            context,
          );
          if (offered.length > 0) await this.recheckOffered(callId, driverId);
        } finally {
          // Release the reservation unless the offer it was for is the pending one.
          if (this.dispatches.get(callId)?.offer?.driverId !== driverId) this.holders.release(driverId, callId);
        }
        return 'done';
      }
      default: {
        const exhaustive: never = step;
        throw new Error(`Unknown step ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  /** Sends a dispatch command and applies what it decided at once, before the log brings it back. */
  private async decide(routed: RoutedCommand, context: CommandContext): Promise<AppliedEvent[]> {
    const { events } = await send(this.deps.commands, routed, context);
    for (const event of events) this.apply(routed.id, event);
    return events;
  }

  /**
   * The driver was free when picked, but may have accepted another call or gone offline before the
   * offer was appended; the log then showed that before the offer existed here, so nothing reacted.
   * Whatever they do after this read reaches the log after the offer, and `handleBatch` sees it.
   */
  private async recheckOffered(callId: string, driverId: string): Promise<void> {
    const { state } = await this.deps.commands.load(driverDecider, driverStream(driverId));
    if (state.status === 'unregistered') return;
    const free = state.status === 'online' && (state.currentCallId === null || state.currentCallId === callId);
    const current = this.dispatches.get(callId);
    if (free || !current) return;
    this.dispatches.set(callId, driverUnavailable(current, { driverId, keeps: state.currentCallId }, current.causationId));
  }
}
