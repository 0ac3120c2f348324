import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { Container } from 'inversify';
import { AVAILABLE_DRIVERS } from '../../src/application/ports/available-drivers.js';
import { CHECKPOINT_STORE } from '../../src/application/ports/checkpoint-store.js';
import { CLOCK } from '../../src/application/ports/clock.js';
import { DEAD_LETTER_STORE } from '../../src/application/ports/dead-letter-store.js';
import { DRIVER_POSITIONS } from '../../src/application/ports/driver-positions.js';
import { EVENT_STORE } from '../../src/application/ports/event-store.js';
import { LEASE_STORE } from '../../src/application/ports/lease-store.js';
import { NOTIFIER } from '../../src/application/ports/notifier.js';
import { PAYMENT_GATEWAY } from '../../src/application/ports/payment-gateway.js';
import { PERSONAL_DATA_KEYS } from '../../src/application/ports/personal-data-keys.js';
import { READ_STORE } from '../../src/application/ports/read-store.js';
import { RIDE_TRACKS } from '../../src/application/ports/ride-tracks.js';
import { compose } from '../../src/infrastructure/composition-root.js';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import type { Lifecycle } from '../../src/infrastructure/lifecycle.js';
import type { BackgroundWorker } from '../../src/infrastructure/roles/background-worker.js';
import { TOKENS } from '../../src/infrastructure/tokens.js';

const PORT_TOKENS = {
  AVAILABLE_DRIVERS,
  CHECKPOINT_STORE,
  CLOCK,
  DEAD_LETTER_STORE,
  DRIVER_POSITIONS,
  EVENT_STORE,
  LEASE_STORE,
  NOTIFIER,
  PAYMENT_GATEWAY,
  PERSONAL_DATA_KEYS,
  READ_STORE,
  RIDE_TRACKS,
};

const everyToken = (tokens: object, prefix = ''): Array<[string, symbol]> =>
  Object.entries(tokens).flatMap(([name, value]: [string, unknown]) =>
    typeof value === 'symbol' ? [[`${prefix}${name}`, value] as [string, symbol]] : everyToken(value as object, `${prefix}${name}.`),
  );

const namesIn = (container: Container, role: keyof typeof TOKENS.RunsIn) =>
  container.getAll<BackgroundWorker>(TOKENS.RunsIn[role]).map((follower) => follower.name);

describe('The composition root', () => {
  let dataDir: string;
  let container: Container;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'taxi-composition-'));
    container = await compose(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir }));
  });
  after(async () => {
    await container.get<Lifecycle>(TOKENS.Lifecycle).stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('binds every token it declares and every port', () => {
    const unbound = [...everyToken(TOKENS), ...everyToken(PORT_TOKENS)].filter(([, token]) => !container.isBound(token)).map(([name]) => name);
    expect(unbound).to.deep.equal([]);
  });

  it('binds each follower on its own, under the role that runs it, in the order they start', () => {
    expect(namesIn(container, 'projector')).to.deep.equal(['projections', 'notification-retention', 'live:dispatch-timings']);
    expect(namesIn(container, 'workers')).to.deep.equal([
      'process:ride-lifecycle',
      'process:unpaid-rides',
      'process:driver-reservations',
      'process:payment-retry',
      'process:payment-compensation',
      'process:notifier',
      'driver-availability',
      'process:auto-dispatch',
    ]);
    expect(namesIn(container, 'api')).to.deep.equal(['offer-board', 'ride-track-pruning']);
  });

  it('makes each adapter and follower once per process', () => {
    expect(container.get(EVENT_STORE)).to.equal(container.get(EVENT_STORE));
    expect(container.get(AVAILABLE_DRIVERS)).to.equal(container.get(TOKENS.DriverIndex));
    expect(container.getAll(TOKENS.RunsIn.workers)[6]).to.equal(container.get(TOKENS.AvailabilityFeed));
    expect(container.getAll(TOKENS.RunsIn.projector)[0]).to.equal(container.get(TOKENS.Projector));
    expect(container.getAll(TOKENS.RunsIn.workers)[7]).to.equal(container.get(TOKENS.AutoDispatch));
  });

  it('has no auto-dispatch follower when AUTO_DISPATCH is off', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'taxi-composition-'));
    const manual = await compose(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: otherDir, AUTO_DISPATCH: 'false' }));
    try {
      expect(namesIn(manual, 'workers')).to.not.include('process:auto-dispatch');
      expect(manual.isBound(TOKENS.AutoDispatch)).to.equal(false);
    } finally {
      await manual.get<Lifecycle>(TOKENS.Lifecycle).stop();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });
});
