import { setTimeout as sleep } from 'node:timers/promises';
import { ChannelError, type DriverLink, type Offer, type Transport, openDriverLink } from './driver-channel.js';
import { type Point, randomPoint, stepToward, wander } from './geo.js';
import { type DemoHttp, NO_ANSWER, isTransient } from './http.js';
import { ride as rideStep, type Ride } from './ride-steps.js';
import { type Tally, recordException, recordFailure } from './tally.js';

export type TaxiOptions = {
  /** One step of every taxi: a move and a position ping. */
  tickMs: number;
  /** How far a taxi drives per tick (metres). */
  metersPerTick: number;
  /** Prefix of the drivers' ids: a run's taxis are its own, a re-run with the same prefix reuses them. */
  idPrefix: string;
};

/** What the fleet tells the run: when an offer reached a taxi, and which calls its taxis closed. */
export type FleetReport = { offerSeen(callId: string, at: number): void; callClosed(callId: string): void };

export type TaxiContext = { http: DemoHttp; transport: Transport; options: TaxiOptions; tally: Tally; report: FleetReport; signal: AbortSignal };

const MAX_CONNECT_BACKOFF_MS = 60_000;

const pause = (ms: number, signal: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

/**
 * One simulated taxi of a fleet: signs in, goes online, keeps its driver link open, pings every
 * tick, accepts an offer when free (as a driver's app does; it never picks calls off the list),
 * drives to the pickup, arrives, starts, drives, finishes. A step the server refuses is checked
 * against the call (ride-steps.ts), so a ride is never silently dropped while the server still
 * has the taxi on it. When the run stops, a taxi on a ride finishes it; `ride` is left for the
 * run to clear otherwise.
 */
export class Taxi {
  readonly driverId: string;
  token = '';
  at: Point = randomPoint();
  ride: Ride | null = null;
  private link: DriverLink | null = null;
  private readonly offers = new Map<string, Offer>();
  /** Connections that failed in a row, and when to try again: a real app backs off, it does not storm a full server. */
  private failedConnects = 0;
  private connectAfter = 0;

  constructor(
    index: number,
    private readonly context: TaxiContext,
  ) {
    this.driverId = `${context.options.idPrefix}-${index}`;
  }

  async signIn(index: number) {
    const { http, tally, signal } = this.context;
    this.token = await http.token('driver', this.driverId);
    const patience = { signal, onRetry: () => (tally.throttled += 1) };
    const body = { name: `Demo ${index + 1}`, vehicleNo: `DEMO-${String(index + 1).padStart(5, '0')}` };
    const registered = await http.patiently('POST', '/api/drivers', this.token, body, patience);
    if (registered.status !== 201 && registered.code !== 'DRIVER_ALREADY_REGISTERED')
      return (recordFailure(tally, 'register', registered.status, registered.code), false);
    const online = await http.patiently('POST', `/api/drivers/${this.driverId}/online`, this.token, { location: this.at }, patience);
    if (online.status !== 200) return (recordFailure(tally, 'online', online.status, online.code), false);
    tally.driversOnline += 1;
    return true;
  }

  /** Ticks until the run stops; the first tick is at a random moment so the fleet's pings spread over the tick. */
  async drive() {
    const { options, signal } = this.context;
    await pause(Math.random() * options.tickMs, signal);
    while (!signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        recordException(this.context.tally, this.driverId, error);
      }
      await pause(options.tickMs, signal);
    }
  }

  private async tick() {
    const { options, tally } = this.context;
    if (!this.link?.isOpen() && Date.now() >= this.connectAfter) await this.connect();
    if (!this.ride) {
      this.at = wander(this.at, options.metersPerTick / 3);
      await this.takeOffer();
    } else {
      const target = this.ride.phase === 'driving' ? this.ride.destination : this.ride.pickup;
      this.at = stepToward(this.at, target, options.metersPerTick);
    }
    await this.link?.ping(this.at);
    if (this.link) tally.pings += 1;
    // The ping goes first: the server measures arrival against the position it last heard.
    if (this.ride) this.ride = await rideStep(this.context, this, this.ride);
  }

  private async connect() {
    this.link?.close();
    this.link = null;
    const events = {
      offer: (offer: Offer) => {
        this.context.tally.offers += 1;
        this.context.report.offerSeen(offer.callId, Date.now());
        this.offers.set(offer.callId, offer);
      },
      offerWithdrawn: (callId: string) => this.offers.delete(callId),
      call: ({ callId, status }: { callId: string; status: string }) => {
        if (this.ride?.callId === callId && ['CANCELLED', 'FINISHED', 'REQUESTED', 'RELEASED'].includes(status)) this.ride = null;
      },
      throttled: () => (this.context.tally.throttled += 1),
      failed: (what: string, status: number, code: string | null) => recordFailure(this.context.tally, what, status, code),
    };
    try {
      this.link = await openDriverLink(this.context.transport, { http: this.context.http, driverId: this.driverId, token: this.token, events });
      this.failedConnects = 0;
    } catch (error) {
      // A connection that never opened (no answer in time, 1006, a 503 of a full server) is the server
      // overloaded, like a timeout; a refusal in the channel's own codes (4001, 4003, …) is a fault.
      if (error instanceof ChannelError && (error.closeCode === null || error.closeCode < 4000)) this.context.tally.timeouts += 1;
      else recordException(this.context.tally, 'driver link', error);
      // Tried again after one tick, then two, four… up to a minute, spread so the fleet does not retry in step.
      this.failedConnects += 1;
      const backoff = Math.min(MAX_CONNECT_BACKOFF_MS, this.context.options.tickMs * 2 ** (this.failedConnects - 1));
      this.connectAfter = Date.now() + backoff * (0.5 + Math.random());
    }
  }

  /** The first offer still open, accepted over HTTP. A lost race (409) lets it go; a slow-down keeps it for the next tick. */
  private async takeOffer() {
    const { http, tally } = this.context;
    for (const [callId, offer] of this.offers) {
      this.offers.delete(callId);
      if (Date.parse(offer.expiresAt) < Date.now()) continue;
      const accepted = await http.send('POST', `/api/calls/${callId}/accept`, this.token, { driverId: this.driverId });
      const ride: Ride = { callId, pickup: offer.pickup, destination: offer.destination, phase: 'to-pickup', refusals: 0 };
      if (accepted.status === 200) {
        tally.accepted += 1;
        this.ride = ride;
        return;
      }
      recordFailure(tally, 'accept', accepted.status, accepted.code);
      // No answer at all: the accept may have landed. The ride steps ask the call and let it go if not.
      if (accepted.status === NO_ANSWER) this.ride = { ...ride, refusals: 1 };
      else if (isTransient(accepted)) this.offers.set(callId, offer);
      if (isTransient(accepted)) return;
    }
  }

  /** After the run: a ride still driving is finished; then the driver goes offline and the link closes. */
  async finishDriving() {
    if (this.ride?.phase === 'driving') this.ride = await rideStep(this.context, this, { ...this.ride, destination: this.at }, { final: true });
  }

  async goOffline() {
    const { http, tally } = this.context;
    this.link?.close();
    const offline = await http.patiently('POST', `/api/drivers/${this.driverId}/offline`, this.token, {}, { attempts: 5 });
    if (offline.status !== 200) recordFailure(tally, 'offline', offline.status, offline.code);
    tally.driversOnline -= 1;
  }
}
