/** What the demo did so far; `errors` counts answers a well-behaved system never gives. */
export type Tally = {
  driversOnline: number;
  requested: number;
  accepted: number;
  started: number;
  finished: number;
  paid: number;
  paymentPending: number;
  revenue: number;
  /** Lost races (409 CALL_ALREADY_DISPATCHED and the like): normal in a busy city. */
  conflicts: number;
  /** 503 with Retry-After or 429: the system asking to slow down, not failing. */
  throttled: number;
  errors: number;
  errorSamples: string[];
};

export const emptyTally = (): Tally => ({
  driversOnline: 0,
  requested: 0,
  accepted: 0,
  started: 0,
  finished: 0,
  paid: 0,
  paymentPending: 0,
  revenue: 0,
  conflicts: 0,
  throttled: 0,
  errors: 0,
  errorSamples: [],
});

/** Sorts an unexpected answer into its bucket; true when it was merely a lost race or a slow-down. */
export const recordFailure = (tally: Tally, what: string, status: number, code: string | null) => {
  if (status === 409) tally.conflicts += 1;
  else if (status === 503 || status === 429) tally.throttled += 1;
  else {
    tally.errors += 1;
    if (tally.errorSamples.length < 10) tally.errorSamples.push(`${what}: ${status} ${code ?? ''}`.trim());
  }
};

export const recordException = (tally: Tally, what: string, error: unknown) => {
  tally.errors += 1;
  if (tally.errorSamples.length < 10) tally.errorSamples.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
};

export const summaryLine = (tally: Tally, elapsedSeconds: number) =>
  `[${String(Math.round(elapsedSeconds)).padStart(4)}s] drivers online ${tally.driversOnline} · requested ${tally.requested} · accepted ${tally.accepted} · ` +
  `started ${tally.started} · finished ${tally.finished} · paid ${tally.paid} (pending ${tally.paymentPending}) · revenue ${tally.revenue.toLocaleString('en')} KRW · ` +
  `conflicts ${tally.conflicts} · throttled ${tally.throttled} · errors ${tally.errors}`;
