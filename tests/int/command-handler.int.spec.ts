import { expect } from 'chai';
import { type CommandContext, CommandHandler } from '../../src/application/command-handler.js';
import type { Decider, DomainEvent } from '../../src/domain/shared/decider.js';
import { systemActor } from '../../src/domain/shared/actor.js';
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

const context: CommandContext = { correlationId: 'c', causationId: 'c', actor: systemActor('test'), timestamp: new Date(0).toISOString() };

describe('Command handler with folded states kept', () => {
  const scratch = scratchEventStore('taxi-handler-');

  it('reads only the events appended since the state it kept', async () => {
    const { spy, reads } = recordingReads(scratch.store);
    const commands = new CommandHandler(spy);
    const stream = uniqueStream();
    for (let amount = 1; amount <= 5; amount += 1) await commands.handle(tally, stream, { amount }, context);

    expect((await commands.load(tally, stream)).state).to.deep.equal([1, 2, 3, 4, 5]);
    expect(reads.stream.map((read) => read.returned)).to.deep.equal([0, 0, 0, 0, 0, 0]);
    expect(reads.stream.at(-1)!.fromRevision).to.equal(5);
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
