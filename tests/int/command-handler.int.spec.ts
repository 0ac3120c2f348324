import { expect } from 'chai';
import { type CommandContext, CommandHandler } from '../../src/application/command-handler.js';
import type { Decider, DomainEvent } from '../../src/domain/shared/decider.js';
import { systemActor } from '../../src/domain/shared/actor.js';
import { DomainError } from '../../src/domain/shared/domain-error.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { uniqueStream } from '../support/events.js';
import { recordingReads, scratchEventStore } from '../support/scratch-event-store.js';

/** A tally: `Add` appends `Added`; the state is the list of amounts, so any lost or doubled event shows. */
type Added = DomainEvent<'Added', { amount: number }>;
const tally: Decider<{ amount: number }, Added, number[]> = {
  initialState: () => [],
  evolve: (amounts, event) => [...amounts, event.data.amount],
  decide: (command) => [{ type: 'Added', data: { amount: command.amount } }],
};

/**
 * A door: opening an open door or closing a closed one changes nothing; ringing needs it open.
 * Each answer depends on the state, so one decided on a stale fold shows.
 */
type DoorEvent = DomainEvent<'Opened' | 'Closed' | 'Rang', Record<string, never>>;
type DoorCommand = 'open' | 'close' | 'ring';
const door: Decider<DoorCommand, DoorEvent, { open: boolean }> = {
  initialState: () => ({ open: false }),
  evolve: (state, event) => (event.type === 'Opened' ? { open: true } : event.type === 'Closed' ? { open: false } : state),
  decide: (command, { open }) => {
    if (command === 'open') return open ? [] : [{ type: 'Opened', data: {} }];
    if (command === 'close') return open ? [{ type: 'Closed', data: {} }] : [];
    if (!open) throw new DomainError('DRIVER_OFFLINE', 'The door is closed');
    return [{ type: 'Rang', data: {} }];
  },
};

const context: CommandContext = { correlationId: 'c', causationId: 'c', actor: systemActor('test'), timestamp: new Date(0).toISOString() };

describe('Command handler with folded states kept', () => {
  const scratch = scratchEventStore('taxi-handler-');

  it('reads only the events appended since the state it kept', async () => {
    const { spy, reads } = recordingReads(scratch.store);
    const commands = new CommandHandler(spy);
    const stream = uniqueStream();
    for (let amount = 1; amount <= 5; amount += 1) await commands.handle(tally, stream, { amount }, context);

    expect((await commands.load(tally, stream)).state).to.deep.equal([1, 2, 3, 4, 5]);
    // The first command reads the (empty) stream; the next four decide on the kept fold.
    expect(reads.stream).to.deep.equal([
      { fromRevision: 0, returned: 0 },
      { fromRevision: 5, returned: 0 },
    ]);
  });

  it('folds what another process appended on top of the state it kept', async () => {
    const otherConnection = new SqliteEventStore(scratch.store.filename);
    try {
      const here = new CommandHandler(scratch.store);
      const elsewhere = new CommandHandler(otherConnection);
      const stream = uniqueStream();
      await here.handle(tally, stream, { amount: 1 }, context);
      await elsewhere.handle(tally, stream, { amount: 2 }, context);
      await elsewhere.handle(tally, stream, { amount: 3 }, context);

      const result = await here.handle(tally, stream, { amount: 4 }, context);
      expect(result.revision).to.equal(3);
      expect((await here.load(tally, stream)).state).to.deep.equal([1, 2, 3, 4]);
      expect((await elsewhere.load(tally, stream)).state).to.deep.equal([1, 2, 3, 4]);
    } finally {
      await otherConnection.close();
    }
  });

  describe('when another process changed a kept stream', () => {
    const twoProcesses = async (run: (here: CommandHandler, elsewhere: CommandHandler, stream: string) => Promise<void>) => {
      const otherConnection = new SqliteEventStore(scratch.store.filename);
      try {
        await run(new CommandHandler(scratch.store), new CommandHandler(otherConnection), uniqueStream());
      } finally {
        await otherConnection.close();
      }
    };
    const typesIn = async (stream: string) => (await scratch.store.readStream(stream)).map((event) => event.type);

    it('refuses what the stream as it is now refuses, though the kept fold would allow it', () =>
      twoProcesses(async (here, elsewhere, stream) => {
        await here.handle(door, stream, 'open', context);
        await elsewhere.handle(door, stream, 'close', context);

        const refused = await here.handle(door, stream, 'ring', context).then(
          () => null,
          (error: unknown) => error,
        );
        expect(refused).to.be.instanceOf(DomainError).and.to.have.property('code', 'DRIVER_OFFLINE');
        expect(await typesIn(stream)).to.deep.equal(['Opened', 'Closed']);
      }));

    it('allows what the stream as it is now allows, though the kept fold would refuse it', () =>
      twoProcesses(async (here, elsewhere, stream) => {
        await here.handle(door, stream, 'open', context);
        await here.handle(door, stream, 'close', context);
        await elsewhere.handle(door, stream, 'open', context);

        const result = await here.handle(door, stream, 'ring', context);
        expect(result.events.map((event) => event.type)).to.deep.equal(['Rang']);
        expect(await typesIn(stream)).to.deep.equal(['Opened', 'Closed', 'Opened', 'Rang']);
      }));

    it('appends what the stream as it is now needs, though the kept fold would have nothing to do', () =>
      twoProcesses(async (here, elsewhere, stream) => {
        await here.handle(door, stream, 'open', context);
        await elsewhere.handle(door, stream, 'close', context);

        const result = await here.handle(door, stream, 'open', context);
        expect(result).to.deep.include({ revision: 2 });
        expect(await typesIn(stream)).to.deep.equal(['Opened', 'Closed', 'Opened']);
      }));
  });

  it('loses and doubles nothing when concurrent commands conflict on one stream', async () => {
    const { store } = scratch;
    const handlers = [new CommandHandler(store), new CommandHandler(store), new CommandHandler(store, { cachedStreams: 0 })];
    const stream = uniqueStream();
    await Promise.all(Array.from({ length: 30 }, (_, i) => handlers[i % handlers.length]!.handle(tally, stream, { amount: i }, context)));

    const stored = (await store.readStream(stream)).map((event) => (event.data as object as { amount: number }).amount);
    expect([...stored].sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i));
    for (const handler of handlers) expect((await handler.load(tally, stream)).state).to.deep.equal(stored);
  });

  it('reads the whole stream every time when the cache is off', async () => {
    const { spy, reads } = recordingReads(scratch.store);
    const commands = new CommandHandler(spy, { cachedStreams: 0 });
    const stream = uniqueStream();
    for (let amount = 1; amount <= 3; amount += 1) await commands.handle(tally, stream, { amount }, context);

    expect(reads.stream.map((read) => read.returned)).to.deep.equal([0, 1, 2]);
  });
});
