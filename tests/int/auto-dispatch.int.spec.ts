import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { requestCall } from '../../src/application/call/request-call.js';
import { acceptCall } from '../../src/application/dispatch/accept-call.js';
import { CommandHandler } from '../../src/application/command-handler.js';
import type { AvailableDrivers, NearestDriversQuery } from '../../src/application/ports/available-drivers.js';
import { systemClock } from '../../src/application/ports/clock.js';
import type { RecordedEvent } from '../../src/application/ports/event-store.js';
import { type AutoDispatchSettings } from '../../src/application/processes/auto-dispatch.process.js';
import { AutoDispatchWorker } from '../../src/application/processes/auto-dispatch-worker.js';
import { driverDecider, driverStream } from '../../src/domain/driver/driver.js';
import { SqliteCheckpointStore } from '../../src/infrastructure/checkpoints/sqlite-checkpoint-store.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { eventually, eventuallyValue } from '../support/eventually.js';
import { dispatchWith } from '../support/dispatch.js';
import { gangnam, seoulStation } from '../support/recorded.js';

const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const caller = { actor: { role: 'system' as const, id: 'test' }, requestId: 'test' };

/** Nearest first is simply the order given; availability is the driver's own stream. */
const fixedDrivers = (order: string[]): AvailableDrivers => ({
  nearest: async ({ k, exclude }: NearestDriversQuery) =>
    order
      .filter((driverId) => !exclude?.has(driverId))
      .slice(0, k)
      .map((driverId, i) => ({ driverId, location: seoulStation, distanceMetres: i * 100 })),
});

describe('Auto-dispatch worker on the embedded store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  let commands: CommandHandler;
  const workers: AutoDispatchWorker[] = [];

  const worker = (settings: AutoDispatchSettings, drivers: string[]) => {
    const created = new AutoDispatchWorker({
      eventStore: store,
      commands,
      checkpoints,
      clock: systemClock,
      drivers: fixedDrivers(drivers),
      logger: quiet,
      settings,
    });
    workers.push(created);
    created.start();
    return created;
  };
  const onlineDriver = async (driverId: string) => {
    const context = { correlationId: driverId, causationId: 'test', actor: caller.actor, timestamp: new Date().toISOString() };
    await commands.handle(
      driverDecider,
      driverStream(driverId),
      { type: 'RegisterDriver', data: { driverId, name: driverId, vehicleNo: 'V', rideTypes: ['STANDARD'], registeredAt: context.timestamp } },
      context,
    );
    await commands.handle(
      driverDecider,
      driverStream(driverId),
      { type: 'GoOnline', data: { driverId, location: seoulStation, at: context.timestamp } },
      context,
    );
  };
  const goOffline = async (driverId: string) => {
    const context = { correlationId: driverId, causationId: 'test', actor: caller.actor, timestamp: new Date().toISOString() };
    await commands.handle(driverDecider, driverStream(driverId), { type: 'GoOffline', data: { driverId, at: context.timestamp } }, context);
  };
  // A passenger has one open call at a time: each ride is another passenger's.
  let passengers = 0;
  const requestRide = async () =>
    (
      await requestCall(
        commands,
        systemClock,
        { passengerId: `p-${++passengers}`, pickup: seoulStation, destination: gangnam, rideType: 'STANDARD' },
        caller,
      )
    ).callId;
  const dispatchEvents = async (callId: string) => store.readStream(`dispatch-${callId}`);
  const ofType = (events: RecordedEvent[], type: string) => events.filter((e) => e.type === type).map((e) => e.data as Record<string, string>);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-auto-dispatch-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
    commands = new CommandHandler(store);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
    await store.close();
    checkpoints.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('when two replicas run it on the same log', () => {
    it('offers each driver once, expires each offer once, and ends the call once with no driver found', async function () {
      this.timeout(15_000);
      await Promise.all(['d-1', 'd-2', 'd-3'].map(onlineDriver));
      const timerCommands: string[] = [];
      const handle = commands.handle.bind(commands);
      commands.handle = (decider, stream, command, context) => {
        const { type } = command as { type: string };
        if (type === 'ExpireOffer' || type === 'ExpireDispatch') timerCommands.push(type);
        return handle(decider, stream, command, context);
      };
      const settings = { offerTimeoutMs: 200, totalTimeoutMs: 1_500, searchRetryMs: 100 };
      worker(settings, ['d-1', 'd-2', 'd-3']);
      worker(settings, ['d-1', 'd-2', 'd-3']);
      const callId = await requestRide();

      const events = await dispatchWith(store, callId, 'DispatchExpired', 1, 8_000);
      const offers = ofType(events, 'CallOffered');
      expect(offers.map((o) => o.driverId)).to.deep.equal(['d-1', 'd-2', 'd-3']);
      expect(offers.map((o) => o.offerId)).to.deep.equal([`${callId}:1`, `${callId}:2`, `${callId}:3`]);
      const expiries = ofType(events, 'OfferExpired');
      expect(expiries.map((e) => e.offerId)).to.deep.equal([`${callId}:1`, `${callId}:2`, `${callId}:3`]);
      for (const [i, expiry] of expiries.entries()) expect(Date.parse(expiry.expiredAt!)).to.be.at.least(Date.parse(offers[i]!.expiresAt!));
      expect(ofType(events, 'DispatchExpired')).to.have.length(1);
      const call = await eventuallyValue(
        async () => {
          const all = await store.readStream(`call-${callId}`);
          return all.some((e) => e.type === 'CallExpired') && all;
        },
        8_000,
        'CallExpired',
      );
      expect(ofType(call, 'CallExpired')).to.have.length(1);
      // every command carried the call id forward as its correlation id
      expect(events.every((e) => e.metadata.correlationId === callId)).to.equal(true);
      // Each of the 4 timers fires in both replicas; the one that loses waits for the log instead of firing again and again.
      expect(timerCommands.length, `timer commands sent: ${timerCommands.length}`).to.be.at.most(4 * 2 + 2);
    });
  });

  describe('when the driver holding an offer becomes unavailable', () => {
    // Long enough that only a withdrawal, never the timer, can explain the next offer in time.
    const settings = { offerTimeoutMs: 10_000, totalTimeoutMs: 60_000, searchRetryMs: 100 };
    const offersOf = async (callId: string, count: number) => dispatchWith(store, callId, 'CallOffered', count, 2_000);

    it('withdraws the offer at once when they accept another call from the call list, and offers the next driver', async function () {
      this.timeout(15_000);
      await Promise.all(['d-x', 'd-y', 'd-z'].map(onlineDriver));
      worker(settings, ['d-x', 'd-y', 'd-z']);
      const callA = await requestRide();
      expect(ofType(await offersOf(callA, 1), 'CallOffered')[0]!.driverId).to.equal('d-x');
      const callB = await requestRide();
      expect(ofType(await offersOf(callB, 1), 'CallOffered')[0]!.driverId).to.equal('d-y'); // d-x holds an offer

      // Offers here time out after 10 s and offersOf looks for 2 s: a withdrawal seen is the reaction, not the timeout.
      await acceptCall({ commands, clock: systemClock }, { callId: callB, driverId: 'd-x' }, caller);
      const events = await offersOf(callA, 2);
      expect(events.map((e) => e.type)).to.deep.equal(['CallOffered', 'OfferWithdrawn', 'CallOffered']);
      expect(ofType(events, 'OfferWithdrawn')[0]).to.include({ driverId: 'd-x', offerId: `${callA}:1`, reason: 'DRIVER_UNAVAILABLE' });
      expect(ofType(events, 'CallOffered').map((o) => o.driverId)).to.deep.equal(['d-x', 'd-y']);
      const withdrawal = events[1]!;
      const accepted = (await dispatchEvents(callB)).find((e) => e.type === 'DriverAccepted')!;
      expect(withdrawal.metadata).to.include({ correlationId: callA, causationId: accepted.eventId });
    });

    it('withdraws the offer at once when they go offline, and offers the next driver', async function () {
      this.timeout(15_000);
      await Promise.all(['d-x', 'd-y'].map(onlineDriver));
      worker(settings, ['d-x', 'd-y']);
      const callId = await requestRide();
      await offersOf(callId, 1);

      await goOffline('d-x');
      const events = await offersOf(callId, 2);
      expect(events.map((e) => e.type)).to.deep.equal(['CallOffered', 'OfferWithdrawn', 'CallOffered']);
      expect(ofType(events, 'OfferWithdrawn')[0]).to.include({ driverId: 'd-x', reason: 'DRIVER_UNAVAILABLE' });
      expect(ofType(events, 'CallOffered').map((o) => o.driverId)).to.deep.equal(['d-x', 'd-y']);
      const offline = (await store.readStream(driverStream('d-x'))).find((e) => e.type === 'DriverWentOffline')!;
      expect(events[1]!.metadata).to.include({ correlationId: callId, causationId: offline.eventId });
    });

    it('withdraws the offer when they went offline between being picked and being offered', async function () {
      this.timeout(15_000);
      await Promise.all(['d-x', 'd-y'].map(onlineDriver));
      // The pick reads d-x's stream as online; d-x goes offline right after that read, before the offer lands.
      let raced = false;
      const racing = Object.create(commands) as CommandHandler;
      racing.load = (async (...args: Parameters<CommandHandler['load']>) => {
        const loaded = await commands.load(...args);
        if (!raced && args[1] === driverStream('d-x')) {
          raced = true;
          await goOffline('d-x');
        }
        return loaded;
      }) as CommandHandler['load'];
      const created = new AutoDispatchWorker({
        eventStore: store,
        commands: racing,
        checkpoints,
        clock: systemClock,
        drivers: fixedDrivers(['d-x', 'd-y']),
        logger: quiet,
        settings,
      });
      workers.push(created);
      created.start();
      const callId = await requestRide();

      const events = await offersOf(callId, 2);
      expect(raced).to.equal(true);
      expect(events.map((e) => e.type)).to.deep.equal(['CallOffered', 'OfferWithdrawn', 'CallOffered']);
      expect(ofType(events, 'CallOffered').map((o) => o.driverId)).to.deep.equal(['d-x', 'd-y']);
    });

    it('does not withdraw the offer when they accept the offered call itself', async function () {
      this.timeout(15_000);
      await Promise.all(['d-x', 'd-y'].map(onlineDriver));
      const running = worker(settings, ['d-x', 'd-y']);
      const callId = await requestRide();
      await offersOf(callId, 1);
      await acceptCall({ commands, clock: systemClock }, { callId, driverId: 'd-x' }, caller);
      const head = await store.headPosition();
      expect(await running.waitFor(head, 2_000)).to.equal(true);
      // The worker has read the accept and closed the call, and with it the offer's timer: it takes no further step on it.
      expect(running.openDispatches.has(callId), 'the worker still matching the call').to.equal(false);
      expect((await dispatchEvents(callId)).map((e) => e.type)).to.deep.equal(['CallOffered', 'DriverAccepted']);
    });
  });

  describe('when it stops while an offer is pending', () => {
    it('rebuilds the timer from the log on start and fires it once, then offers the next driver', async function () {
      this.timeout(15_000);
      await Promise.all(['d-1', 'd-2'].map(onlineDriver));
      const settings = { offerTimeoutMs: 400, totalTimeoutMs: 60_000, searchRetryMs: 100 };
      const first = worker(settings, ['d-1', 'd-2']);
      const callId = await requestRide();
      const [offer] = ofType(await dispatchWith(store, callId, 'CallOffered', 1, 8_000), 'CallOffered');
      await first.stop();
      workers.splice(workers.indexOf(first), 1);
      // Down until the offer is due: nobody expires it meanwhile, and the restart finds a timer already due.
      await eventually(() => Date.now() > Date.parse(offer!.expiresAt!), 8_000, 'the offer to fall due while stopped');
      expect(ofType(await dispatchEvents(callId), 'OfferExpired')).to.have.length(0);

      const restartedAt = Date.now();
      const restarted = worker(settings, ['d-1', 'd-2']);
      const events = await dispatchWith(store, callId, 'CallOffered', 2, 8_000);
      const expired = ofType(events, 'OfferExpired');
      expect(expired.map((e) => e.driverId)).to.deep.equal(['d-1']);
      // Expired by the restarted worker, not by a timer the stopped one left behind.
      expect(Date.parse(expired[0]!.expiredAt!), 'expired after the restart').to.be.at.least(restartedAt);
      expect(ofType(events, 'CallOffered').map((e) => e.driverId)).to.deep.equal(['d-1', 'd-2']);
      expect(restarted.openDispatches.get(callId)?.offer?.driverId).to.equal('d-2');
    });
  });
});
