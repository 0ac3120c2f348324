import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import type { RecordedEvent } from '../../src/application/ports/event-store.js';
import { SqliteCheckpointStore } from '../../src/infrastructure/checkpoints/sqlite-checkpoint-store.js';
import { SqliteEventStore } from '../../src/infrastructure/event-store/sqlite-event-store.js';
import { LogTail, readLogBetween, replayThenLive } from '../../src/infrastructure/http/sse/log-tail.js';
import { OFFER_BOARD_CHECKPOINT, OfferBoard } from '../../src/infrastructure/http/sse/offer-board.js';
import { newEvent, uniqueStream } from '../support/events.js';
import { eventually } from '../support/eventually.js';

const quiet = { warn: () => {}, error: () => {} };

describe('Live tail of the log (history, then live)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let tail: LogTail;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-tail-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    tail = new LogTail(store, quiet);
  });
  afterEach(async () => {
    await tail.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const appendMany = async (count: number) => {
    for (let i = 0; i < count; i++) await store.appendToStream(uniqueStream(), [newEvent('Tick', { i })], 'no_stream');
  };

  it('hands on every event after the resume position exactly once, in order, while appends keep coming', async function () {
    this.timeout(20_000);
    await appendMany(50);
    await tail.start();
    await appendMany(30); // after the tail started, before anyone listens
    const resumeAfter = 20;
    const received: RecordedEvent[] = [];
    const writing = appendMany(200); // concurrently with the history read and the switch to live
    const unlisten = await replayThenLive(tail, store, {
      history: (head) => readLogBetween(store, resumeAfter, head, 7),
      onEvent: (event) => received.push(event),
    });
    await writing;
    const head = await store.headPosition();
    await eventually(() => (received.at(-1)?.position ?? 0) >= head, 5_000, 'every event up to the head received', 20);
    unlisten();
    const positions = received.map((e) => e.position);
    expect(positions).to.deep.equal(Array.from({ length: head - resumeAfter }, (_, i) => resumeAfter + 1 + i));
    expect(tail.listenerCount).to.equal(0);
  });
});

describe('Offer board of a process that starts while offers are pending', () => {
  let dir: string;
  let store: SqliteEventStore;
  let checkpoints: SqliteCheckpointStore;
  const started: Array<{ tail: LogTail; board: OfferBoard }> = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'taxi-board-'));
    store = new SqliteEventStore(join(dir, 'events.db'));
    checkpoints = new SqliteCheckpointStore(join(dir, 'checkpoints.db'));
  });
  afterEach(async () => {
    for (const { tail, board } of started.splice(0)) {
      await board.stop();
      await tail.stop();
    }
    await store.close();
    checkpoints.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = async (stream: string, type: string, data: object) => (await store.appendToStream(stream, [newEvent(type, data)], 'any')).position;
  const offerFor = async (callId: string, driverId: string) => {
    const expiresAt = new Date(Date.now() + 60_000).toISOString();
    return append(`dispatch-${callId}`, 'CallOffered', { callId, driverId, offerId: `${callId}:1`, offeredAt: new Date().toISOString(), expiresAt });
  };
  /** A board in a fresh process (its own tail), on the same stores. */
  const newProcess = async (withCheckpoints: boolean) => {
    const tail = new LogTail(store, quiet);
    const board = new OfferBoard(tail, store, withCheckpoints ? checkpoints : undefined);
    started.push({ tail, board });
    await board.start();
    return board;
  };
  const offeredCalls = (board: OfferBoard, driverId: string) => board.pendingFor(driverId).map((offer) => offer.callId);

  it('shows the offers pending since its checkpoint, and those made after it started', async () => {
    await append('call-old', 'CallRequested', { callId: 'old' });
    await offerFor('old', 'd-1');
    await append('dispatch-old', 'DriverAccepted', { callId: 'old', driverId: 'd-9' });
    const requested = await append('call-a', 'CallRequested', { callId: 'a' });
    await offerFor('a', 'd-1');
    for (let i = 0; i < 20; i++) await append(uniqueStream(), 'Tick', { i });
    // The board's checkpoint, as a previous board left it: just before the oldest offer still pending.
    await checkpoints.saveCheckpoint(OFFER_BOARD_CHECKPOINT, requested - 1);

    const board = await newProcess(true);
    expect(offeredCalls(board, 'd-1')).to.deep.equal(['a']);
    expect(board.position).to.equal(await store.headPosition());

    await offerFor('b', 'd-1');
    await eventually(() => offeredCalls(board, 'd-1').length >= 2, 5_000, 'the live offer on the board', 20);
    expect(offeredCalls(board, 'd-1')).to.deep.equal(['a', 'b']);
  });

  it('records, when stopped, the position just before the oldest offer still pending', async () => {
    await append('call-a', 'CallRequested', { callId: 'a' });
    const offered = await offerFor('a', 'd-1');
    await append(uniqueStream(), 'Tick', { i: 0 });
    await checkpoints.saveCheckpoint(OFFER_BOARD_CHECKPOINT, offered - 1);
    const board = await newProcess(true);
    await offerFor('b', 'd-2');
    await eventually(() => offeredCalls(board, 'd-2').length >= 1, 5_000, 'the offer to d-2 on the board', 20);
    await board.stop();
    expect(await checkpoints.getCheckpoint(OFFER_BOARD_CHECKPOINT)).to.equal(offered - 1);
  });

  it('starts where its tail started when no board left a checkpoint', async () => {
    await offerFor('a', 'd-1');
    expect(offeredCalls(await newProcess(true), 'd-1')).to.deep.equal([]);
    expect(offeredCalls(await newProcess(false), 'd-1')).to.deep.equal([]);
  });
});
