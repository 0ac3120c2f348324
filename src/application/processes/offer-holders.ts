import { driverDecider, driverStream } from '../../domain/driver/driver.js';
import type { CommandHandler } from '../command-handler.js';
import type { AvailableDrivers } from '../ports/available-drivers.js';
import type { OpenDispatch } from './auto-dispatch.process.js';

export type OfferHoldersDependencies = {
  commands: CommandHandler;
  drivers: AvailableDrivers;
  settings: { radiiMetres?: readonly number[]; candidates?: number };
};

/**
 * Auto-dispatch's drivers: who holds a pending offer (one per driver at a time, driver → call),
 * and the next driver to offer a call to. A driver is reserved while their offer is decided, so two
 * calls matched at once never pick the same driver.
 */
export class OfferHolders {
  private readonly holders = new Map<string, string>();

  constructor(private readonly deps: OfferHoldersDependencies) {}

  callHeldBy(driverId: string): string | undefined {
    return this.holders.get(driverId);
  }

  hold(driverId: string, callId: string): void {
    this.holders.set(driverId, callId);
  }

  /** Frees the driver unless they hold an offer of another call by now. */
  release(driverId: string, callId: string): void {
    if (this.holders.get(driverId) === callId) this.holders.delete(driverId);
  }

  /**
   * The nearest candidate the index offers who, on their own stream, is online, free and drives
   * this ride type: the index may lag a moment behind an accept or going offline. The one picked
   * is reserved for the call until `release`.
   */
  async pick(dispatch: OpenDispatch, offeredBefore: string[]): Promise<string | null> {
    const exclude = new Set([...offeredBefore, ...this.holders.keys()]);
    const { radiiMetres, candidates = 5 } = this.deps.settings;
    const nearby = await this.deps.drivers.nearest({ origin: dispatch.pickup, rideType: dispatch.rideType, k: candidates, exclude, radiiMetres });
    for (const { driverId } of nearby) {
      const { state } = await this.deps.commands.load(driverDecider, driverStream(driverId));
      if (this.holders.has(driverId)) continue; // reserved by another call while we looked
      if (state.status === 'online' && state.currentCallId === null && state.profile.rideTypes.includes(dispatch.rideType)) {
        this.holders.set(driverId, dispatch.callId);
        return driverId;
      }
    }
    return null;
  }
}
