import { Gauge, type Registry } from 'prom-client';

/**
 * Where a follower's checkpoint is, where the head of the global log is, and how old the oldest
 * event after its checkpoint is (0 when it is caught up).
 */
export type ProjectionProgress = { position: number; head: number; lagSeconds: number };

/** What the gauges label a series by: a read model (`projection`) or any other follower (`follower`). */
export type ProgressKind = 'projection' | 'follower';

const HELP: Record<ProgressKind, { lagEvents: string; lagSeconds: string; position: string }> = {
  projection: {
    lagEvents: 'Events in the global log not yet applied by the projection',
    lagSeconds: 'Age of the oldest event in the global log not yet applied by the projection (0 when caught up)',
    position: 'Global log position of the last event the projection applied',
  },
  follower: {
    lagEvents: "Events in the global log after the follower's checkpoint",
    lagSeconds: "Age of the oldest event in the global log after the follower's checkpoint (0 when caught up)",
    // Auto-dispatch and payment retry keep theirs just before the oldest call or payment still open.
    position: "Global log position of the follower's checkpoint: the last event handled, or just before the oldest work it holds open",
  },
};

/** The three views of each series' progress, each read from one shared sample per scrape. */
export const progressGauges = (registers: Registry[], kind: ProgressKind, sample: () => Promise<Map<string, ProjectionProgress>>) => {
  const help = HELP[kind];
  const views: ReadonlyArray<{ name: string; help: string; value: (progress: ProjectionProgress) => number }> = [
    { name: `${kind}_lag_events`, help: help.lagEvents, value: ({ position, head }) => Math.max(0, head - position) },
    { name: `${kind}_lag_seconds`, help: help.lagSeconds, value: ({ lagSeconds }) => Math.max(0, lagSeconds) },
    { name: `${kind}_position`, help: help.position, value: ({ position }) => position },
  ];
  for (const { name, help: text, value } of views) {
    new Gauge({
      name: `taxi_${name}`,
      help: text,
      labelNames: [kind],
      registers,
      async collect() {
        const progress = await sample();
        this.reset();
        for (const [label, sampled] of progress) this.set({ [kind]: label }, value(sampled));
      },
    });
  }
};

/** One call of `read` shared by everyone who asks while it runs: one read of the stores per scrape. */
export const sharedPerScrape = <T>(read: () => Promise<T>): (() => Promise<T>) => {
  let running: Promise<T> | null = null;
  return () =>
    (running ??= read().finally(() => {
      running = null;
    }));
};
