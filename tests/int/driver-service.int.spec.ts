import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { CommandHandler } from '../../src/application/command-handler.js';
import { type DriverDependencies, goOnline, loadDriver, registerDriver } from '../../src/application/driver/driver-service.js';
import type { DriverPositions } from '../../src/application/ports/driver-positions.js';
import { driverStream } from '../../src/domain/driver/driver.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { InMemoryDriverPositions } from '../../src/infrastructure/geo/in-memory-driver-positions.js';
import { gangnam, seoulStation } from '../support/recorded.js';

const caller = { actor: { role: 'operator' as const, id: 'ops' }, requestId: 'test' };
const station = { lat: seoulStation.lat, lng: seoulStation.lng };
const south = { lat: gangnam.lat, lng: gangnam.lng };

describe('Going online', () => {
  let dir: string;
  let eventStore: SqliteEventStore;
  let commands: CommandHandler;
  let now: Date;
  const clock = { now: () => now };
  const warnings: string[] = [];
  const logger = { warn: (_: object, message: string) => warnings.push(message) };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-driver-service-'));
    eventStore = new SqliteEventStore(join(dir, 'events.db'));
    commands = new CommandHandler(eventStore);
    now = new Date('2026-01-15T08:00:00.000Z');
    warnings.length = 0;
  });
  afterEach(async () => {
    await eventStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const registered = async (drivers: DriverDependencies) =>
    (await registerDriver(drivers, { name: 'Kim', vehicleNo: 'V-1', rideTypes: ['STANDARD'] }, caller)).driverId;

  it("saves the driver's position with the pings, at the time of the event", async () => {
    const positions = new InMemoryDriverPositions();
    const drivers = { commands, clock, lastPositions: { positions, logger } };
    const driverId = await registered(drivers);
    await goOnline(drivers, { driverId, location: station }, caller);
    const [, wentOnline] = await eventStore.readStream(driverStream(driverId));
    expect(wentOnline!.type).to.equal('DriverWentOnline');
    expect(await positions.positionOf(driverId)).to.deep.equal({ driverId, location: station, at: (wentOnline!.data as { at: string }).at });
  });

  it('wins over an older ping, and loses to a newer one', async () => {
    const positions = new InMemoryDriverPositions();
    const drivers = { commands, clock, lastPositions: { positions, logger } };
    const driverId = await registered(drivers);
    await positions.save({ driverId, location: south, at: '2026-01-15T07:59:00.000Z' });
    await goOnline(drivers, { driverId, location: station }, caller);
    expect((await positions.positionOf(driverId))?.location).to.deep.equal(station);
    await positions.save({ driverId, location: south, at: '2026-01-15T08:00:01.000Z' });
    expect((await positions.positionOf(driverId))?.location).to.deep.equal(south);
  });

  it('still goes online when the position cannot be saved, and says so in the log', async () => {
    const failing: DriverPositions = {
      save: async () => {
        throw new Error('store unreachable');
      },
      saveAll: async () => {
        throw new Error('store unreachable');
      },
      positionOf: async () => null,
      lastKnown: async () => [],
      changedSince: async () => [],
    };
    const drivers = { commands, clock, lastPositions: { positions: failing, logger } };
    const driverId = await registered(drivers);
    const result = await goOnline(drivers, { driverId, location: station }, caller);
    expect(result.events.map((event) => event.type)).to.deep.equal(['DriverWentOnline']);
    expect((await loadDriver(commands, driverId)).status).to.equal('online');
    expect(warnings).to.deep.equal(['position of going online not saved; its event still has it']);
  });

  it('saves nothing for a driver who does not exist', async () => {
    const positions = new InMemoryDriverPositions();
    const drivers = { commands, clock, lastPositions: { positions, logger } };
    const error = await goOnline(drivers, { driverId: 'nobody', location: station }, caller).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).to.have.property('code', 'DRIVER_NOT_FOUND');
    expect(await positions.lastKnown()).to.deep.equal([]);
  });
});
