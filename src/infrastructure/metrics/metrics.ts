import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** ok: 2xx/3xx · rejected: 4xx (validation, domain rule, auth) · error: 5xx (our fault or overload). */
export type CommandOutcome = 'ok' | 'rejected' | 'error';
export type PaymentOutcome = 'approved' | 'deferred' | 'failed' | 'refunded';
export type BreakerState = 'closed' | 'half-open' | 'open';
/** Where a projection's checkpoint is, and where the head of the global log is. */
export type ProjectionProgress = { position: number; head: number };

const BREAKER_STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };
const PAYMENT_OUTCOMES: readonly PaymentOutcome[] = ['approved', 'deferred', 'failed', 'refunded'];

export const outcomeOfStatus = (status: number): CommandOutcome => (status >= 500 ? 'error' : status >= 400 ? 'rejected' : 'ok');

export type MetricsOptions = {
  /** Labels added to every series, e.g. `{ role: 'api' }`, so one dashboard tells the roles apart. */
  defaultLabels?: Record<string, string>;
  /** Node's process metrics (CPU, memory, event loop lag, GC). On by default. */
  defaultMetrics?: boolean;
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
  private readonly projections = new Map<string, () => Promise<ProjectionProgress>>();
  /** One read of every projection per scrape, shared by the lag and the position gauges. */
  private sampling: Promise<Map<string, ProjectionProgress>> | null = null;
  private deadLetters: (() => Promise<number>) | undefined;

  constructor({ defaultLabels, defaultMetrics = true }: MetricsOptions = {}) {
    if (defaultLabels) this.registry.setDefaultLabels(defaultLabels);
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];

    this.commands = new Counter({ name: 'commands_total', help: 'Commands handled, by outcome', labelNames: ['command', 'outcome'], registers });
    this.commandDuration = new Histogram({
      name: 'command_duration_seconds',
      help: 'Time from request to answer of a command',
      labelNames: ['command', 'outcome'],
      // A command is an append or two; finish also charges the gateway within its budget (1.5 s).
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10],
      registers,
    });
    this.httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers });

    const sample = () => this.sampleProjections();
    new Gauge({
      name: 'projection_lag_events',
      help: 'Events in the global log not yet applied by the projection',
      labelNames: ['projection'],
      registers,
      async collect() {
        const progress = await sample();
        this.reset();
        for (const [projection, { position, head }] of progress) this.set({ projection }, Math.max(0, head - position));
      },
    });
    new Gauge({
      name: 'projection_position',
      help: 'Global log position of the last event the projection applied',
      labelNames: ['projection'],
      registers,
      async collect() {
        const progress = await sample();
        this.reset();
        for (const [projection, { position }] of progress) this.set({ projection }, position);
      },
    });

    const deadLetters = () => this.deadLetters?.() ?? Promise.resolve(null);
    new Gauge({
      name: 'notification_dead_letters',
      help: 'Notifications parked as dead letters (undelivered), in the configured store',
      registers,
      async collect() {
        const count = await deadLetters().catch(() => null);
        if (count !== null) this.set(count);
      },
    });

    this.breakerState = new Gauge({ name: 'circuit_breaker_state', help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open', labelNames: ['breaker'], registers });
    this.payments = new Counter({ name: 'payments_total', help: 'Payment outcomes', labelNames: ['outcome'], registers });
    // Every outcome exists from the start at 0, so rate() and alerts work before the first failure.
    for (const outcome of PAYMENT_OUTCOMES) this.payments.inc({ outcome }, 0);
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

  /** Counts the dead letters at every scrape (the store is the truth, shared by every replica). */
  registerDeadLetters(count: () => Promise<number>): void {
    this.deadLetters = count;
  }

  setBreakerState(name: string, state: BreakerState): void {
    this.breakerState.set({ breaker: name }, BREAKER_STATE_VALUE[state]);
  }

  countPayment(outcome: PaymentOutcome): void {
    this.payments.inc({ outcome });
  }

  /** The text exposition of every series, for `GET /metrics`. */
  async expose(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private sampleProjections(): Promise<Map<string, ProjectionProgress>> {
    this.sampling ??= this.readProjections().finally(() => {
      this.sampling = null;
    });
    return this.sampling;
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
