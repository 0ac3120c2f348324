/** What the demo did so far; `errors` counts answers a well-behaved system never gives. */
export type Tally = {
  driversOnline: number;
  requested: number;
  /** Offers that reached a taxi (over the driver channel, or the SSE stream of the HTTP fallback). */
  offers: number;
  accepted: number;
  arrived: number;
  started: number;
  finished: number;
  /** Rides the demo cancelled: passengers giving up at the end of the run, or rides cleared by it. */
  cancelled: number;
  paid: number;
  paymentPending: number;
  revenue: number;
  pings: number;
  /** Lost races (409 CALL_ALREADY_DISPATCHED and the like): normal in a busy city. */
  conflicts: number;
  /** 503 with Retry-After or 429: the system asking to slow down, not failing. */
  throttled: number;
  /** Requests that got no answer in time: the system overloaded. */
  timeouts: number;
  errors: number;
  errorSamples: string[];
};

export const emptyTally = (): Tally => ({
  driversOnline: 0,
  requested: 0,
  offers: 0,
  accepted: 0,
  arrived: 0,
  started: 0,
  finished: 0,
  cancelled: 0,
  paid: 0,
  paymentPending: 0,
  revenue: 0,
  pings: 0,
  conflicts: 0,
  throttled: 0,
  timeouts: 0,
  errors: 0,
  errorSamples: [],
});

/** The tallies of several fleets (child processes) as one. */
export const sumTallies = (tallies: readonly Tally[]): Tally =>
  tallies.reduce((sum, tally) => {
    for (const key of Object.keys(sum) as Array<keyof Tally>) {
      if (key === 'errorSamples') sum.errorSamples = [...sum.errorSamples, ...tally.errorSamples].slice(0, 10);
      else sum[key] += tally[key];
    }
    return sum;
  }, emptyTally());

const sample = (tally: Tally, line: string) => {
  if (tally.errorSamples.length < 10) tally.errorSamples.push(line);
};

/** Sorts an unexpected answer into its bucket. */
export const recordFailure = (tally: Tally, what: string, status: number, code: string | null) => {
  if (status === 409) tally.conflicts += 1;
  else if (status === 503 || status === 429) tally.throttled += 1;
  else if (status === 0 || status === 408) tally.timeouts += 1;
  else {
    tally.errors += 1;
    sample(tally, `${what}: ${status} ${code ?? ''}`.trim());
  }
};

export const recordException = (tally: Tally, what: string, error: unknown) => {
  tally.errors += 1;
  sample(tally, `${what}: ${error instanceof Error ? error.message : String(error)}`);
};

export const summaryLine = (tally: Tally, elapsedSeconds: number) =>
  `[${String(Math.round(elapsedSeconds)).padStart(4)}s] drivers online ${tally.driversOnline} · pings ${tally.pings} · requested ${tally.requested} · ` +
  `offers ${tally.offers} · accepted ${tally.accepted} · started ${tally.started} · finished ${tally.finished} · cancelled ${tally.cancelled} · ` +
  `paid ${tally.paid} (pending ${tally.paymentPending}) · revenue ${tally.revenue.toLocaleString('en')} KRW · ` +
  `conflicts ${tally.conflicts} · throttled ${tally.throttled} · timeouts ${tally.timeouts} · errors ${tally.errors}`;
