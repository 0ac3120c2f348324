import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { type ProjectionProgress, progressGauges, sharedPerScrape } from './progress-gauges.js';
import { countWalkingMetricsAtMostEvery, WALKING_METRICS_EVERY_MS } from './walking-metrics.js';

/** ok: 2xx/3xx · rejected: 4xx (validation, domain rule, auth) · error: 5xx (our fault or overload). */
export type CommandOutcome = 'ok' | 'rejected' | 'error';
export type PaymentOutcome = 'approved' | 'deferred' | 'failed' | 'refunded';
export type BreakerState = 'closed' | 'half-open' | 'open';
export type { ProjectionProgress } from './progress-gauges.js';

/** Every series of this application starts with it, so a shared Prometheus tells ours apart. */
export const METRIC_PREFIX = 'taxi_';
const named = (name: string) => `${METRIC_PREFIX}${name}`;

const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
const PAYMENT_OUTCOMES: readonly PaymentOutcome[] = ['approved', 'deferred', 'failed', 'refunded'];

/** Work waiting at scrape time, counted by whoever holds it (the dead-letter store, the retry schedule). */
export type Backlog = 'notification_dead_letters' | 'payment_retry_backlog';
const BACKLOG_HELP: Record<Backlog, string> = {
  notification_dead_letters: 'Notifications the channel did not take, waiting to be replayed',
  payment_retry_backlog: 'Payments waiting to be charged again (pay later)',
};
/** Two moments of a call that passengers feel: the first offer to a driver, and the accept. */
export type DispatchStage = 'first_offer' | 'accept';

export const outcomeOfStatus = (status: number): CommandOutcome => (status >= 500 ? 'error' : status >= 400 ? 'rejected' : 'ok');

export type MetricsOptions = {
  /** Labels added to every series, e.g. `{ role: 'api' }`, so one dashboard tells the roles apart. */
  defaultLabels?: Record<string, string>;
  /** Node's process metrics (CPU, memory, event loop lag, GC), prefixed like ours. On by default. */
  defaultMetrics?: boolean;
  /** The running build, exposed as `taxi_build_info{version, node}` = 1. */
  build?: { version: string };
};

type Registers = Registry[];

/** Commands by outcome, and how long they took from request to answer. */
const commandMetrics = (registers: Registers) => ({
  count: new Counter({
    name: named('commands_total'),
    help: 'Commands handled, by outcome',
    labelNames: ['command', 'outcome'],
    registers,
  }),
  duration: new Histogram({
    name: named('command_duration_seconds'),
    help: 'Time from request to answer of a command',
    labelNames: ['command', 'outcome'],
    // A command is an append or two; finish also charges the gateway within its budget (1.5 s).
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10],
    registers,
  }),
});

const httpRequestCounter = (registers: Registers) =>
  new Counter({
    name: named('http_requests_total'),
    help: 'HTTP requests answered',
    labelNames: ['method', 'route', 'status'],
    registers,
  });

const breakerStateGauge = (registers: Registers) =>
  new Gauge({
    name: named('circuit_breaker_state'),
    help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open',
    labelNames: ['breaker'],
    registers,
  });

const paymentCounter = (registers: Registers) => {
  const payments = new Counter({ name: named('payments_total'), help: 'Payment outcomes', labelNames: ['outcome'], registers });
  // Every outcome exists from the start at 0, so rate() and alerts work before the first failure.
  for (const outcome of PAYMENT_OUTCOMES) payments.inc({ outcome }, 0);
  return payments;
};

const dispatchHistograms = (registers: Registers): Record<DispatchStage, Histogram> => {
  // Seconds from the request: offers come within the search radii's retries, accepts within the
  // offer timeouts (15 s each) up to the dispatch's total timeout (180 s).
  const dispatchBuckets = [1, 2, 5, 10, 15, 30, 45, 60, 90, 120, 180, 300];
  return {
    first_offer: new Histogram({
      name: named('dispatch_time_to_first_offer_seconds'),
      help: 'From a call request to its first offer to a driver',
      buckets: dispatchBuckets,
      registers,
    }),
    accept: new Histogram({
      name: named('dispatch_time_to_accept_seconds'),
      help: 'From a call request to a driver accepting it',
      buckets: dispatchBuckets,
      registers,
    }),
  };
};

const openStreamsGauge = (registers: Registers) =>
  new Gauge({ name: named('sse_open_streams'), help: 'Server-Sent Event streams open now', labelNames: ['stream'], registers });

const backlogGauges = (registers: Registers, countOf: (backlog: Backlog) => Promise<number>) => {
  for (const backlog of Object.keys(BACKLOG_HELP) as Backlog[]) {
    const count = () => countOf(backlog);
    new Gauge({
      name: named(backlog),
      help: BACKLOG_HELP[backlog],
      registers,
      async collect() {
        // A store that does not answer reads as NaN (no value) rather than failing the scrape.
        this.set(await count().catch(() => NaN));
      },
    });
  }
};

const buildInfoGauge = (registers: Registers, version: string) =>
  new Gauge({
    name: named('build_info'),
    help: 'The running build: always 1, labelled with the version',
    labelNames: ['version', 'node'],
    registers,
  }).set({ version, node: process.version }, 1);

/** Appends the event store refused, and whether it refuses them now. */
const eventStoreMetrics = (registers: Registers, writesFailing: () => boolean) => {
  const writeFailures = new Counter({
    name: named('event_store_write_failures_total'),
    help: 'Appends the event store refused (version conflicts excluded)',
    registers,
  });
  new Gauge({
    name: named('event_store_writes_failing'),
    help: '1 while the event store refuses writes (readiness reports it too), else 0',
    registers,
    collect() {
      this.set(writesFailing() ? 1 : 0);
    },
  });
  return writeFailures;
};

/**
 * The process's metrics, on a registry of its own rather than prom-client's global one: the
 * composition root makes one per process and injects it, so tests (and several apps in one
 * test process) never share or double-register series.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'command' | 'outcome'>;
  private readonly commandDuration: Histogram<'command' | 'outcome'>;
  private readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  private readonly breakerState: Gauge<'breaker'>;
  private readonly payments: Counter<'outcome'>;
  private readonly dispatchTimes: Record<DispatchStage, Histogram>;
  private readonly openStreams: Gauge<'stream'>;
  private readonly backlogs = new Map<Backlog, () => Promise<number>>();
  private readonly eventStoreWriteFailures: Counter;
  private writesFailing: () => boolean = () => false;
  private readonly projections = new Map<string, () => Promise<ProjectionProgress>>();
  /** The followers' progress other than the read models', all at once (they are listed in the store). */
  private followers: () => Promise<Map<string, ProjectionProgress>> = async () => new Map();

  constructor({ defaultLabels, defaultMetrics = true, build }: MetricsOptions = {}) {
    if (defaultLabels) this.registry.setDefaultLabels(defaultLabels);
    if (defaultMetrics) {
      collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
      countWalkingMetricsAtMostEvery(this.registry, METRIC_PREFIX, WALKING_METRICS_EVERY_MS);
    }
    // Registered in this order, which is the order of the exposition.
    const registers = [this.registry];
    const commands = commandMetrics(registers);
    this.commands = commands.count;
    this.commandDuration = commands.duration;
    this.httpRequests = httpRequestCounter(registers);
    progressGauges(
      registers,
      'projection',
      sharedPerScrape(() => this.readProjections()),
    );
    progressGauges(
      registers,
      'follower',
      // A store that does not answer leaves the series out of this scrape rather than failing it.
      sharedPerScrape(() => this.followers().catch(() => new Map<string, ProjectionProgress>())),
    );
    this.breakerState = breakerStateGauge(registers);
    this.payments = paymentCounter(registers);
    this.dispatchTimes = dispatchHistograms(registers);
    this.openStreams = openStreamsGauge(registers);
    backlogGauges(registers, (backlog) => this.backlogs.get(backlog)?.() ?? Promise.resolve(0));
    if (build) buildInfoGauge(registers, build.version);
    this.eventStoreWriteFailures = eventStoreMetrics(registers, () => this.writesFailing());
  }

  observeCommand(command: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.inc({ command, outcome });
    this.commandDuration.observe({ command, outcome }, seconds);
  }

  countHttpRequest(method: string, route: string, status: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
  }

  /**
   * Reports a projection's position and lag at every scrape by asking `progress` then, instead
   * of pushing a value on every applied event. Returns a function that stops reporting it.
   */
  registerProjectionLag(name: string, progress: () => Promise<ProjectionProgress>): () => void {
    this.projections.set(name, progress);
    return () => {
      if (this.projections.get(name) === progress) this.projections.delete(name);
    };
  }

  /**
   * Reports every other follower's checkpoint (process managers, the notifier, retries,
   * auto-dispatch, the offer board) at every scrape, by follower name.
   */
  registerFollowerProgress(progress: () => Promise<Map<string, ProjectionProgress>>): void {
    this.followers = progress;
  }

  /** Counts the dead letters at every scrape (the store is the truth, shared by every replica). */
  registerDeadLetters(count: () => Promise<number>): void {
    this.registerBacklog('notification_dead_letters', count);
  }

  setBreakerState(name: string, state: BreakerState): void {
    this.breakerState.set({ breaker: name }, BREAKER_STATE_VALUE[state]);
  }

  countPayment(outcome: PaymentOutcome): void {
    this.payments.inc({ outcome });
  }

  observeDispatch(stage: DispatchStage, seconds: number): void {
    this.dispatchTimes[stage].observe(Math.max(0, seconds));
  }

  /** Counts a stream as open until the returned function is called (once; later calls do nothing). */
  streamOpened(stream: string): () => void {
    this.openStreams.inc({ stream });
    let open = true;
    return () => {
      if (open) this.openStreams.dec({ stream });
      open = false;
    };
  }

  /** Reports a backlog at every scrape by asking `count`. */
  registerBacklog(backlog: Backlog, count: () => Promise<number>): void {
    this.backlogs.set(backlog, count);
  }

  countEventStoreWriteFailure(): void {
    this.eventStoreWriteFailures.inc();
  }

  reportWritesFailing(failing: () => boolean): void {
    this.writesFailing = failing;
  }

  /** The text exposition of every series, for `GET /metrics`. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async readProjections(): Promise<Map<string, ProjectionProgress>> {
    const entries = await Promise.all(
      [...this.projections].map(async ([name, progress]) => {
        try {
          return [name, await progress()] as const;
        } catch {
          // A store that does not answer leaves the series out of this scrape (a gap on the
          // dashboard) rather than failing the whole /metrics answer.
          return null;
        }
      }),
    );
    return new Map(entries.filter((entry) => entry !== null));
  }
}
