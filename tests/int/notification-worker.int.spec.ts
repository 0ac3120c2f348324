import { join } from 'node:path';
import { expect } from 'chai';
import { pino } from 'pino';
import { CommandHandler } from '../../src/application/command-handler.js';
import { NotificationWorker } from '../../src/application/notifications/notification-worker.js';
import { systemClock } from '../../src/application/ports/clock.js';
import type { DeliveryOutcome, Notifier, OutgoingNotification } from '../../src/application/ports/notifier.js';
import { SqliteCheckpointStore } from '../../src/infrastructure/checkpoints/sqlite-checkpoint-store.js';
import { SqliteDeadLetterStore } from '../../src/infrastructure/notifications/sqlite-dead-letter-store.js';
import { newEvent } from '../support/events.js';
import { aWholeRide } from '../support/recorded.js';
import { scratchEventStore } from '../support/scratch-event-store.js';

/**
 * A channel that takes `latencyMs` per message and records how many it held at once. The delay is
 * the fake channel's latency, so that deliveries overlap as real ones do; no test waits on it.
 */
const slowChannel = (latencyMs: number) => {
  const delivered: OutgoingNotification[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const notifier: Notifier = {
    deliver: async (notification): Promise<DeliveryOutcome> => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, latencyMs));
      inFlight -= 1;
      delivered.push(notification);
      return { kind: 'delivered' };
    },
  };
  return { notifier, delivered, mostInFlight: () => mostInFlight };
};

describe('Notification worker', () => {
  const scratch = scratchEventStore('taxi-notify-');
  const CALLS = 12;

  /** Whole rides side by side, as the log holds them under load: each step of every ride in turn. */
  const appendRides = async () => {
    const rides = Array.from({ length: CALLS }, (_, n) => aWholeRide(`call-${n}`, `p-${n}`, `d-${n}`));
    let head = 0;
    for (let step = 0; step < rides[0]!.length; step++) {
      for (const [n, ride] of rides.entries()) {
        const { type, data } = ride[step]!;
        ({ position: head } = await scratch.store.appendToStream(`ride-call-${n}`, [newEvent(type, data, `call-${n}`)], 'any'));
      }
    }
    return head;
  };

  const run = async (concurrency: number) => {
    const channel = slowChannel(10);
    const checkpoints = new SqliteCheckpointStore(join(scratch.dir, 'checkpoints.db'));
    const deadLetters = new SqliteDeadLetterStore(join(scratch.dir, 'dead-letters.db'));
    const worker = new NotificationWorker(
      {
        eventStore: scratch.store,
        commands: new CommandHandler(scratch.store),
        checkpoints,
        clock: systemClock,
        notifier: channel.notifier,
        deadLetters,
        logger: pino({ level: 'silent' }),
      },
      { deadLetterRetryMs: 60_000, concurrency },
    );
    const head = await appendRides();
    worker.start();
    expect(await worker.waitFor(head, 20_000)).to.equal(true);
    await worker.stop();
    const checkpoint = await checkpoints.getCheckpoint('process:notifier');
    checkpoints.close();
    deadLetters.close();
    return { ...channel, head, checkpoint };
  };

  it('tells up to `concurrency` calls at once, each call in log order, and checkpoints the whole log', async () => {
    const { delivered, mostInFlight, head, checkpoint } = await run(4);
    expect(mostInFlight()).to.equal(4);
    const perCall = new Map<string, string[]>();
    for (const { callId, status } of delivered) perCall.set(callId, [...(perCall.get(callId) ?? []), status]);
    expect(perCall.size).to.equal(CALLS);
    const once = [...perCall.values()][0]!;
    expect(once.length, 'notifications of a whole ride').to.be.greaterThan(2);
    for (const [callId, statuses] of perCall) expect(statuses, callId).to.deep.equal(once);
    expect(new Set(delivered.map((n) => n.notificationId)).size, 'each told once').to.equal(delivered.length);
    expect(checkpoint).to.equal(head);
  });

  it('tells one notification at a time with concurrency 1', async () => {
    const { mostInFlight, delivered } = await run(1);
    expect(mostInFlight()).to.equal(1);
    expect(delivered.length).to.be.greaterThan(CALLS * 2);
  });
});
