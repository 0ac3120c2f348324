import { setMaxListeners } from 'node:events';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { seededRandom } from './seeded-random.js';
import { type LedgerCounts, type LedgerResult, SimulatorLedger } from './simulator-ledger.js';

/**
 * A stand-in for the external card gateway, slow and flaky on demand. Faults only hit the money
 * endpoints (`POST /charges`, `POST /refunds`); reads, stats and admin always answer.
 * Injected 503s happen before anything is booked (load shedding); injected 500s happen after
 * the charge was booked, and latency is slept after booking too — the ambiguous failures a real
 * gateway produces, which only idempotency keys make safe to retry.
 */
const rate = z.number().min(0).max(1);
const ms = z.number().int().min(0).max(600_000);
export const faultsSchema = z.object({
  errorRate: rate,
  latencyMs: ms,
  latencySpikeMs: ms,
  latencySpikeRate: rate,
  outage: z.boolean(),
  /** Share of new charges refused as `CARD_DECLINED`. */
  declineRate: rate,
});
export type GatewayFaults = z.infer<typeof faultsSchema>;
export const NO_FAULTS: GatewayFaults = { errorRate: 0, latencyMs: 0, latencySpikeMs: 0, latencySpikeRate: 0, outage: false, declineRate: 0 };

/** Share of injected errors that are 500s after booking; the rest are 503s before it. */
const SHARE_OF_500 = 0.3;

export type SimulatorStats = LedgerCounts & { requestsReceived: number; errorsInjected: number };

export type SimulatorOptions = {
  port?: number;
  host?: string;
  faults?: Partial<GatewayFaults>;
  /** Idempotency keys and charges kept in memory before the oldest are forgotten. */
  maxEntries?: number;
  cardLimit?: number;
  /** Injectable so a test can seed the dice. */
  random?: () => number;
  /** Seeds the dice when no `random` is given: the same faults fall the same way on every run. */
  seed?: number;
  logger?: Logger;
};

export type RunningSimulator = {
  url: string;
  close(): Promise<void>;
  /** Merges the given fields into the current faults; omitted fields keep their value. */
  setFaults(patch: Partial<GatewayFaults>): GatewayFaults;
  stats(): SimulatorStats;
};

const money = z.object({ amount: z.number().int().positive(), currency: z.string().regex(/^[A-Z]{3}$/) });
const chargeBody = z.object({
  idempotencyKey: z.string().min(1).max(255),
  amount: money,
  reference: z.string().min(1).max(255),
  customer: z.string().max(255).optional(),
});
const refundBody = z.object({ idempotencyKey: z.string().min(1).max(255), chargeId: z.string().min(1), amount: money });

const fail = (res: Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

const invalid = (res: Response, error: z.ZodError) => fail(res, 400, 'INVALID_REQUEST', z.prettifyError(error));

/** What the simulator keeps between requests: the books, the faults in force, the traffic counted. */
class SimulatorState {
  faults: GatewayFaults;
  traffic = { requestsReceived: 0, errorsInjected: 0 };
  // Aborted on close so responses sleeping on latency do not hold the shutdown back.
  readonly closing = new AbortController();

  constructor(
    readonly ledger: SimulatorLedger,
    readonly random: () => number,
    private readonly initialFaults: GatewayFaults,
    private readonly logger?: Logger,
  ) {
    this.faults = initialFaults;
    // Every response sleeping on injected latency listens here until it wakes: many at once under load, none leaked.
    setMaxListeners(0, this.closing.signal);
  }

  readonly stats = (): SimulatorStats => ({ ...this.ledger.stats(), ...this.traffic });

  readonly setFaults = (patch: Partial<GatewayFaults>) => {
    this.faults = faultsSchema.parse({ ...this.faults, ...patch });
    this.logger?.info({ faults: this.faults }, 'payment gateway faults changed');
    return this.faults;
  };

  /** Back to the state at start: empty books, zero counters, the faults it was started with. */
  reset() {
    this.ledger.reset();
    this.traffic = { requestsReceived: 0, errorsInjected: 0 };
    this.faults = this.initialFaults;
  }
}

/** Decides the request's fate before it is processed; `late500` is applied after booking. */
const faultInjection = (state: SimulatorState) => (_req: Request, res: Response, next: NextFunction) => {
  const { faults, random, traffic } = state;
  traffic.requestsReceived += 1;
  if (faults.outage || random() < faults.errorRate) {
    traffic.errorsInjected += 1;
    if (!faults.outage && random() < SHARE_OF_500) {
      res.locals.late500 = true;
      return next();
    }
    res.setHeader('Retry-After', '1');
    return fail(res, 503, 'GATEWAY_UNAVAILABLE', 'The gateway is temporarily unavailable');
  }
  next();
};

/** Sends what the ledger booked, after the injected latency, unless a late 500 was decided. */
const answerer =
  (state: SimulatorState) =>
  async (res: Response, { answer: { status, body }, replayed }: LedgerResult) => {
    const { faults, random, closing } = state;
    const spike = random() < faults.latencySpikeRate ? faults.latencySpikeMs : 0;
    const delay = faults.latencyMs + spike;
    // On close the sleep is cut short and the booked answer goes out at once: a graceful stop.
    const unlessClosing = (error: unknown) => {
      if (!closing.signal.aborted) throw error;
    };
    if (delay > 0) await sleep(delay, undefined, { signal: closing.signal }).catch(unlessClosing);
    if (res.locals.late500) return fail(res, 500, 'INTERNAL_ERROR', 'The gateway failed after processing the request');
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(status).json(body);
  };

/** The money endpoints, the only ones faults hit. */
const moneyRoutes = (app: Express, state: SimulatorState) => {
  const injectFaults = faultInjection(state);
  const answer = answerer(state);
  app.post('/charges', injectFaults, async (req, res) => {
    const body = chargeBody.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    const decline = state.random() < state.faults.declineRate ? 'Card declined by the issuer' : undefined;
    await answer(res, state.ledger.charge(body.data, decline));
  });
  app.post('/refunds', injectFaults, async (req, res) => {
    const body = refundBody.safeParse(req.body);
    if (!body.success) return invalid(res, body.error);
    await answer(res, state.ledger.refund(body.data));
  });
};

/** Reads that always answer: the charges of a reference, the stats, the health. */
const readRoutes = (app: Express, state: SimulatorState) => {
  app.get('/charges', (req, res) => {
    const reference = typeof req.query.reference === 'string' ? req.query.reference : undefined;
    if (!reference) return fail(res, 400, 'INVALID_REQUEST', 'The reference query parameter is required');
    res.json({ charges: state.ledger.chargesFor(reference) });
  });
  app.get('/stats', (_req, res) => res.json(state.stats()));
  app.get('/health', (_req, res) => res.json({ status: 'ok' }));
};

/** The faults, read and changed at run time, and the reset to the state at start. */
const adminRoutes = (app: Express, state: SimulatorState) => {
  app.get('/admin/faults', (_req, res) => res.json(state.faults));
  app.put('/admin/faults', (req, res) => {
    const patch = faultsSchema.partial().strict().safeParse(req.body);
    if (!patch.success) return invalid(res, patch.error);
    res.json(state.setFaults(patch.data));
  });
  app.post('/admin/reset', (_req, res) => {
    state.reset();
    res.status(204).end();
  });
};

const errorHandler =
  (logger: Logger | undefined) => (error: Error & { status?: number; type?: string }, _req: Request, res: Response, next: NextFunction) => {
    // body-parser marks malformed JSON and oversized bodies with a 4xx status; anything else is a bug.
    if (res.headersSent) return next(error);
    if (error.status && error.status >= 400 && error.status < 500) return fail(res, error.status, 'INVALID_REQUEST', error.message);
    logger?.error({ err: error }, 'payment gateway simulator failed');
    fail(res, 500, 'INTERNAL_ERROR', 'Unexpected simulator error');
  };

const simulatorApp = (state: SimulatorState, logger: Logger | undefined) => {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));
  moneyRoutes(app, state);
  readRoutes(app, state);
  adminRoutes(app, state);
  app.use(errorHandler(logger));
  return app;
};

/** Listens; the URL names a reachable host (loopback for a wildcard bind). */
const listen = async (app: Express, { port, host }: Pick<SimulatorOptions, 'port' | 'host'>) => {
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, host ?? '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  const reachable = host && host !== '0.0.0.0' && host !== '::' ? host : '127.0.0.1';
  return { server, url: `http://${reachable}:${bound}` };
};

/** Stops once however often it is called: sleeping answers go out, idle sockets close, busy ones get a second. */
const closer = (server: Server, closing: AbortController) => {
  let closed: Promise<void> | undefined;
  return () =>
    (closed ??= new Promise<void>((resolve, reject) => {
      closing.abort();
      server.close((error) => (error ? reject(error) : resolve()));
      // Idle keep-alive sockets would otherwise keep `close` waiting for their timeout.
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 1_000).unref();
    }));
};

export const startPaymentGatewaySimulator = async (options: SimulatorOptions = {}): Promise<RunningSimulator> => {
  const random = options.random ?? (options.seed === undefined ? Math.random : seededRandom(options.seed));
  const ledger = new SimulatorLedger(options.maxEntries ?? 200_000, options.cardLimit ?? 1_000_000);
  const state = new SimulatorState(ledger, random, faultsSchema.parse({ ...NO_FAULTS, ...options.faults }), options.logger);
  const { server, url } = await listen(simulatorApp(state, options.logger), options);
  return { url, close: closer(server, state.closing), setFaults: state.setFaults, stats: state.stats };
};
