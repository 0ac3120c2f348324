import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { send } from '../../src/application/aggregates.js';
import { CommandHandler, type CommandContext } from '../../src/application/command-handler.js';
import { systemClock } from '../../src/application/ports/clock.js';
import { DriverReservationWorker } from '../../src/application/processes/driver-reservation-worker.js';
import { SqliteCheckpointStore } from '../../src/infrastructure/checkpoints/sqlite-checkpoint-store.js';
import { eventually } from '../support/rides.js';
import { scratchEventStore } from '../support/scratch-event-store.js';

const at = () => new Date().toISOString();
const context = (): CommandContext => ({ correlationId: 'c', causationId: 'test', actor: { role: 'system', id: 'test' }, timestamp: at() });

/** The follower that frees drivers an accept left reserved, on a real store, across restarts. */
describe('Driver reservations process', () => {
  const scratch = scratchEventStore('taxi-reservations-');
  let commands: CommandHandler;
  let checkpoints: SqliteCheckpointStore;
  const workers: DriverReservationWorker[] = [];
  beforeEach(() => {
    commands = new CommandHandler(scratch.store);
    checkpoints = new SqliteCheckpointStore(join(scratch.dir, 'checkpoints.db'));
  });
  afterEach(async () => {
    for (const worker of workers.splice(0)) await worker.stop();
    checkpoints.close();
  });

  const startWorker = (timeoutMs = 60_000) => {
    const worker = new DriverReservationWorker(
      { eventStore: scratch.store, commands, checkpoints, clock: systemClock, logger: pino({ level: 'silent' }) },
      { timeoutMs },
    );
    workers.push(worker);
    worker.start();
    return worker;
  };
  const onlineDriver = async (driverId: string) => {
    await send(
      commands,
      {
        aggregate: 'driver',
        id: driverId,
        command: { type: 'RegisterDriver', data: { driverId, name: driverId, vehicleNo: 'V-1', rideTypes: ['STANDARD'], registeredAt: at() } },
      },
      context(),
    );
    await send(
      commands,
      { aggregate: 'driver', id: driverId, command: { type: 'GoOnline', data: { driverId, location: { lat: 37.55, lng: 126.97 }, at: at() } } },
      context(),
    );
  };
  /** What a killed accept leaves behind: the reservation, without the release. */
  const reserve = (driverId: string, callId: string) =>
    send(commands, { aggregate: 'driver', id: driverId, command: { type: 'AssignDriver', data: { driverId, callId, at: at() } } }, context());
  const accept = (driverId: string, callId: string) =>
    send(
      commands,
      {
        aggregate: 'dispatch',
        id: callId,
        command: { type: 'AcceptCall', data: { callId, driverId, driverName: driverId, vehicleNo: 'V-1', acceptedAt: at() } },
      },
      context(),
    );
  const driverEvents = async (driverId: string) => (await scratch.store.readStream(`driver-${driverId}`)).map((e) => e.type);
  const released = async (driverId: string) => (await driverEvents(driverId)).at(-1) === 'DriverReleased';

  it('releases a loser whose dispatch names another driver, and keeps the winner', async () => {
    for (const driverId of ['winner', 'loser']) await onlineDriver(driverId);
    await reserve('winner', 'call-1');
    await reserve('loser', 'call-1');
    await accept('winner', 'call-1');
    startWorker();
    await eventually(() => released('loser'), 5_000, 'the loser released');
    const head = await scratch.store.headPosition();
    await eventually(async () => (await checkpoints.getCheckpoint('process:driver-reservations')) >= head, 5_000, 'the worker at the head');
    expect((await driverEvents('winner')).at(-1)).to.equal('DriverAssigned');
  });

  it('releases a driver reserved for a call nobody accepted once the bound has passed', async () => {
    await onlineDriver('d-open');
    await reserve('d-open', 'call-open');
    startWorker(300);
    await eventually(() => released('d-open'), 5_000, 'released after the bound');
    const release = (await scratch.store.readStream('driver-d-open')).at(-1)!;
    expect(release.data).to.include({ callId: 'call-open', reason: 'ACCEPT_LOST' });
  });

  it('is idempotent across a restart: a replayed reservation is never released twice', async () => {
    for (const driverId of ['w', 'l']) await onlineDriver(driverId);
    await reserve('w', 'call-2');
    await reserve('l', 'call-2');
    await accept('w', 'call-2');
    const first = startWorker();
    await eventually(() => released('l'), 5_000, 'the loser released');
    await first.stop();
    // Replay from the start, as a worker whose checkpoint was lost would.
    await checkpoints.saveCheckpoint('process:driver-reservations', 0);
    const second = startWorker();
    const head = await scratch.store.headPosition();
    await eventually(() => second.position >= head, 5_000, 'the restarted worker at the head');
    expect((await driverEvents('l')).filter((type) => type === 'DriverReleased')).to.have.length(1);
    expect((await driverEvents('w')).at(-1)).to.equal('DriverAssigned');
  });
});
