import { setTimeout as sleep } from 'node:timers/promises';
import { sweepByOperator, sweepOpenCalls } from './cleanup.js';
import { type CityCheck, type CheckOptions, checkCity } from './check.js';
import { type Transport, probeTransport } from './driver-channel.js';
import type { FleetOptions } from './fleet.js';
import { type FleetHandle, localFleet, workerFleet } from './fleets.js';
import { DemoHttp } from './http.js';
import { CallLedger, callTaxis } from './passengers.js';
import { type ServerSummary, ServerWatch, percentile } from './server-metrics.js';
import type { FleetReport } from './taxi.js';
import { type Tally, emptyTally, recordException, sumTallies, summaryLine } from './tally.js';

export type DemoOptions = {
  url: string;
  drivers: number;
  seconds: number;
  /** New passengers calling a taxi, per second, across the city. */
  callsPerSecond: number;
  /** One step of every taxi: a move and a position ping. */
  tickMs: number;
  /** How far a taxi drives per tick (metres). */
  metersPerTick: number;
  /** How often the running summary is printed. */
  reportEveryMs: number;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Checked at each summary: ends the run early once true (a test waits for rides this way). */
  stopWhen?: (tally: Tally) => boolean;
  /** `auto` (default): the driver channel when the server has it, else HTTP pings and SSE offers. */
  transport?: Transport | 'auto';
  /** Child processes holding the taxis; 0 keeps them in this process. */
  processes?: number;
  /** The city's invariants at the end (check.ts); without it only the open rides are counted. */
  check?: Omit<CheckOptions, 'since'>;
};

export type DemoResult = {
  tally: Tally;
  transport: Transport;
  /** Pings over the whole run (its clock starts once the fleet has signed in). */
  pingsPerSecond: number;
  /** Pings over the last 30 s (at most the second half of the run): the fleet at its steady rate. */
  recentPingsPerSecond: number;
  requestToOfferMs: { p50: number; p99: number; count: number };
  server: ServerSummary;
  check: CityCheck;
  /** Calls the run could neither finish nor cancel. */
  leftOpen: string[];
};

const resolveTransport = async (http: DemoHttp, options: DemoOptions, prefix: string): Promise<Transport> => {
  if (options.transport && options.transport !== 'auto') return options.transport;
  const driverId = `${prefix}-0`;
  return probeTransport({ http, driverId, token: await http.token('driver', driverId) });
};

const startFleets = (options: DemoOptions, transport: Transport, idPrefix: string, report: FleetReport): FleetHandle[] => {
  const processes = Math.max(0, Math.min(options.processes ?? 0, options.drivers));
  const slices = Math.max(1, processes);
  const base: Omit<FleetOptions, 'firstIndex' | 'count'> = {
    url: options.url,
    transport,
    idPrefix,
    tickMs: options.tickMs,
    metersPerTick: options.metersPerTick,
  };
  return Array.from({ length: slices }, (_, slice) => {
    const firstIndex = Math.floor((slice * options.drivers) / slices);
    const count = Math.floor(((slice + 1) * options.drivers) / slices) - firstIndex;
    return processes === 0 ? localFleet({ ...base, firstIndex, count }, report) : workerFleet({ ...base, firstIndex, count }, report);
  });
};

/** Ends when `seconds` pass, the outer signal aborts, or `stopWhen` says so. */
/** Pings per second between the sample `windowMs` before the last one and the last one. */
const recentRate = (samples: ReadonlyArray<readonly [at: number, pings: number]>, windowMs: number) => {
  const last = samples.at(-1);
  const from = samples.find(([at]) => last && at >= last[0] - windowMs);
  return last && from && last[0] > from[0] ? ((last[1] - from[1]) * 1000) / (last[0] - from[0]) : NaN;
};

const untilStopped = (options: DemoOptions, tallyNow: () => Tally, begun: number, samples: Array<[number, number]>) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, options.seconds * 1000);
    const report = setInterval(() => {
      const tally = tallyNow();
      samples.push([Date.now(), tally.pings]);
      options.log(summaryLine(tally, (Date.now() - begun) / 1000));
      if (options.stopWhen?.(tally)) done();
    }, options.reportEveryMs);
    options.signal?.addEventListener('abort', done, { once: true });
    if (options.signal?.aborted) done();
    function done() {
      clearTimeout(timer);
      clearInterval(report);
      options.signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * The evening peak starts with the taxis already on the road: passengers call once the fleet has
 * signed in (95 % online, or no taxi more for 20 s), or the run is stopped. A city of 20,000 taxis
 * signing in while 20 calls/s arrive piles up calls nobody can take yet, and the server spends
 * itself searching for drivers for them (seen: 1,500 calls waiting, the server at 94 % CPU).
 */
const fleetOnline = async (options: DemoOptions, tallyNow: () => Tally) => {
  let [online, since, told] = [0, Date.now(), Date.now()];
  while (!options.signal?.aborted && online < 0.95 * options.drivers && Date.now() - since < 20_000) {
    await sleep(500);
    const now = tallyNow().driversOnline;
    if (now > online) [online, since] = [now, Date.now()];
    if (Date.now() - told >= options.reportEveryMs) {
      told = Date.now();
      options.log(`signing in: ${online} of ${options.drivers} taxis online`);
    }
  }
  options.log(`${online} taxis online: passengers start calling`);
};

/**
 * A living city against a running server (AUTH_MODE=dev): taxis ping and take offers, passengers
 * call, rides are driven, finished and paid. When it stops (time, Ctrl-C, `stopWhen`) it leaves
 * the city clean: passengers stop calling, taxis on the road finish, every other ride the run
 * started is cancelled, taxis go offline; then it checks the city.
 */
export const runDemo = async (options: DemoOptions): Promise<DemoResult> => {
  const http = new DemoHttp(options.url.replace(/\/$/, ''));
  const runId = `${process.pid}-${Date.now().toString(36)}`;
  const since = new Date();
  const transport = await resolveTransport(http, options, `demo-driver-${runId}`);
  options.log(`taxis talk to dispatch over ${transport === 'channel' ? 'the driver channel (WebSocket)' : 'HTTP (PUT location, SSE offers)'}`);
  const watch = new ServerWatch(http.baseUrl).start(1_000);
  const ledger = new CallLedger();
  const passengerTally = emptyTally();
  const fleets = startFleets(options, transport, `demo-driver-${runId}`, {
    offerSeen: (callId, at) => ledger.offerSeen(callId, at),
    callClosed: (callId) => ledger.closed(callId),
  });
  const tallyNow = () => sumTallies([passengerTally, ...fleets.map((fleet) => fleet.tally())]);
  await fleetOnline(options, tallyNow);
  const begun = Date.now();
  const pingsBefore = tallyNow().pings;
  const calling = new AbortController();
  const passengers = callTaxis(
    http,
    ledger,
    { callsPerSecond: options.callsPerSecond, idPrefix: `demo-passenger-${runId}` },
    passengerTally,
    calling.signal,
  );
  const samples: Array<[number, number]> = [];
  await untilStopped(options, tallyNow, begun, samples);
  const drivenSeconds = (Date.now() - begun) / 1000;
  const recentPingsPerSecond = recentRate(samples, Math.min(30_000, (drivenSeconds * 1000) / 2));
  calling.abort();
  await passengers.catch((error: unknown) => recordException(passengerTally, 'passengers', error));
  options.log('stopping: passengers stop calling, taxis on the road finish their rides…');
  await Promise.all(fleets.map((fleet) => fleet.stop()));
  const pings = tallyNow().pings;
  await sweepOpenCalls(http, ledger, passengerTally);
  const leftOpen = await sweepByOperator(http, { driver: `demo-driver-${runId}-`, passenger: `demo-passenger-${runId}-` }, passengerTally);
  options.log(`every other ride of the run cancelled (${passengerTally.cancelled}); taxis go offline…`);
  await Promise.all(fleets.map((fleet) => fleet.offline()));
  const server = watch.stop();
  const check = await checkCity(http, ledger, { ...options.check, since });
  const tally = tallyNow();
  options.log(summaryLine(tally, (Date.now() - begun) / 1000));
  const latencies = ledger.requestToOffer();
  return {
    tally,
    transport,
    pingsPerSecond: (pings - pingsBefore) / drivenSeconds,
    recentPingsPerSecond,
    requestToOfferMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), count: latencies.length },
    server,
    check,
    leftOpen,
  };
};
