import type { DriverPositions } from '../../../application/ports/driver-positions.js';
import { showsTaxi, type TaxiPosition, taxiPositionOf } from '../../../application/queries/taxi-position.js';
import type { DashboardEntry } from '../../../projections/dashboard/dashboard.projection.js';

/**
 * The taxi's position for one watched call, sent at most once per `intervalMs` and only when the
 * driver reported a newer one: pings arrive every few seconds per driver, and a passenger's map
 * needs no more than one update a second. Polling the last known position (one primary-key read)
 * rather than listening to pings keeps this the same in every role split.
 */
export class TaxiPositionFeed {
  private call: DashboardEntry | null = null;
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt: string | null = null;
  private polling = false;

  constructor(
    private readonly positions: Pick<DriverPositions, 'positionOf'>,
    private readonly send: (position: TaxiPosition) => void,
    private readonly intervalMs = 1_000,
  ) {}

  /** The call as the status stream last folded it; starts or stops following its taxi. */
  follow(call: DashboardEntry | null): void {
    this.call = call;
    if (call && showsTaxi(call)) {
      if (!this.timer) {
        this.timer = setInterval(() => void this.poll(), this.intervalMs);
        void this.poll();
      }
    } else {
      this.stop();
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    const call = this.call;
    if (this.polling || !call?.driverId) return;
    this.polling = true;
    try {
      const position = taxiPositionOf(call, await this.positions.positionOf(call.driverId));
      if (position && position.at !== this.lastSentAt && this.timer) {
        this.lastSentAt = position.at;
        this.send(position);
      }
    } catch {
      // A store that does not answer skips one update; the next tick tries again.
    } finally {
      this.polling = false;
    }
  }
}
