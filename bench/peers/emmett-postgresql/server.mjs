// The comparison peer of the HTTP command-path bench: the same three commands as the project's
// (request a call, accept it, cancel it) written the way Emmett's samples write them — one
// decider, Emmett's DeciderCommandHandler, its PostgreSQL event store, express 5. No
// authentication and no read side, as the peer is defined.
import { randomUUID } from 'node:crypto';
import { DeciderCommandHandler, IllegalStateError, STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import express from 'express';

const initialState = () => ({ status: 'none' });

const evolve = (state, { type, data }) => {
  switch (type) {
    case 'CallRequested':
      return { status: 'requested', passengerId: data.passengerId };
    case 'DriverAccepted':
      return { ...state, status: 'accepted', driverId: data.driverId };
    case 'CallCancelled':
      return { ...state, status: 'cancelled' };
    default:
      return state;
  }
};

class Refused extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

const decide = (command, state) => {
  const now = new Date().toISOString();
  switch (command.type) {
    case 'RequestCall':
      if (state.status !== 'none') throw new Refused('CALL_ALREADY_EXISTS', 'call exists');
      return { type: 'CallRequested', data: { ...command.data, requestedAt: now } };
    case 'AcceptCall':
      if (state.status !== 'requested') throw new Refused('CALL_ALREADY_DISPATCHED', `call is ${state.status}`);
      return { type: 'DriverAccepted', data: { ...command.data, acceptedAt: now } };
    case 'CancelCall':
      if (state.status === 'none') throw new Refused('CALL_NOT_FOUND', 'no such call');
      if (state.status === 'cancelled') return [];
      return { type: 'CallCancelled', data: { ...command.data, cancelledAt: now } };
    default:
      throw new IllegalStateError(`unknown command ${command.type}`);
  }
};

const handle = DeciderCommandHandler({ decide, evolve, initialState, mapToStreamId: (id) => `call-${id}` });

const eventStore = getPostgreSQLEventStore(process.env.PEER_DATABASE_URL);
await eventStore.schema.migrate();

const app = express();
app.use(express.json());

const answer = async (res, status, work) => {
  try {
    res.status(status).json(await work());
  } catch (error) {
    if (error instanceof Refused) res.status(409).json({ error: { code: error.code, message: error.message } });
    else if (error?.name === 'ExpectedVersionConflictError') res.status(409).json({ error: { code: 'CONFLICT' } });
    else res.status(500).json({ error: { code: 'INTERNAL', message: String(error?.message ?? error) } });
  }
};

app.post('/api/calls', (req, res) =>
  answer(res, 201, async () => {
    const callId = randomUUID();
    const { passengerId, pickup, destination } = req.body;
    await handle(
      eventStore,
      callId,
      { type: 'RequestCall', data: { callId, passengerId, pickup, destination } },
      { expectedStreamVersion: STREAM_DOES_NOT_EXIST },
    );
    return { callId, status: 'REQUESTED' };
  }),
);
app.post('/api/calls/:callId/accept', (req, res) =>
  answer(res, 200, async () => {
    const { callId } = req.params;
    const result = await handle(eventStore, callId, { type: 'AcceptCall', data: { callId, driverId: req.body.driverId } });
    return { callId, status: 'DISPATCHED', revision: Number(result.nextExpectedStreamVersion) };
  }),
);
app.post('/api/calls/:callId/cancel', (req, res) =>
  answer(res, 200, async () => {
    const { callId } = req.params;
    const result = await handle(eventStore, callId, { type: 'CancelCall', data: { callId, cancelledBy: 'passenger' } });
    return { callId, status: 'CANCELLED', revision: Number(result.nextExpectedStreamVersion) };
  }),
);
app.get('/health', (_req, res) => res.json({ status: 'ok' }));

const server = app.listen(Number(process.env.PORT ?? 3999), '127.0.0.1', () => process.stdout.write(`peer listening on ${server.address().port}\n`));
const stop = async () => {
  server.close();
  await eventStore.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
