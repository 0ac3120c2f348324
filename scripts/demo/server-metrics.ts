/** The server's own numbers, read from /metrics (Prometheus text) while the run goes on. */
export type ServerSample = { at: number; lagSeconds: number; rssBytes: number; cpuSeconds: number };

/** Every series whose name ends with `suffix` (the names carry a prefix, `taxi_` by default). */
const valuesOf = (text: string, suffix: string) =>
  text
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .flatMap((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})? ([\d.eE+-]+|NaN)$/.exec(line);
      return match && match[1]!.endsWith(suffix) ? [Number(match[3])] : [];
    });

/** How many driver channels the server holds at most (`taxi_channel_capacity`), or null when it says nothing of it. */
export const channelCapacityOf = (text: string): number | null => valuesOf(text, 'channel_capacity')[0] ?? null;

/** One scrape: the worst read model's lag, the resident memory and the CPU time of the server process. */
export const parseSample = (text: string, at: number): ServerSample => ({
  at,
  lagSeconds: Math.max(0, ...valuesOf(text, 'projection_lag_seconds')),
  rssBytes: Math.max(0, ...valuesOf(text, 'process_resident_memory_bytes')),
  cpuSeconds: valuesOf(text, 'process_cpu_seconds_total').reduce((sum, value) => sum + value, 0),
});

export const percentile = (values: readonly number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export type ServerSummary = { lagP99Ms: number; rssMaxMb: number; cpuPercent: number; samples: number };

/** Scrapes every `everyMs` until stopped; the summary covers the time between the first and the last scrape. */
export class ServerWatch {
  private readonly samples: ServerSample[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly baseUrl: string) {}

  start(everyMs: number) {
    const scrape = () =>
      fetch(`${this.baseUrl}/metrics`, { signal: AbortSignal.timeout(5_000) })
        .then(async (res) => (res.ok ? this.samples.push(parseSample(await res.text(), Date.now())) : undefined))
        .catch(() => undefined);
    void scrape();
    this.timer = setInterval(() => void scrape(), everyMs);
    return this;
  }

  stop(): ServerSummary {
    clearInterval(this.timer);
    const first = this.samples[0];
    const last = this.samples.at(-1);
    const wallSeconds = first && last ? (last.at - first.at) / 1000 : 0;
    return {
      lagP99Ms: percentile(
        this.samples.map((sample) => sample.lagSeconds * 1000),
        99,
      ),
      rssMaxMb: Math.max(0, ...this.samples.map((sample) => sample.rssBytes)) / 2 ** 20,
      cpuPercent: first && last && wallSeconds > 0 ? (100 * (last.cpuSeconds - first.cpuSeconds)) / wallSeconds : NaN,
      samples: this.samples.length,
    };
  }
}
