import { Counter, Gauge, Histogram } from 'prom-client';
import { METRIC_PREFIX, type Metrics } from '../../metrics/metrics.js';
import type { ChannelObserver } from './ping-gatherer.js';

/**
 * The driver channel's series: pings by outcome (dropped: rate limited; refused: an offline or
 * unknown driver, or a store that failed), the channels open and how many may be, and how long a
 * ping took from the app (its `at`) to the nearest-driver index: the freshness of what
 * auto-dispatch searches.
 */
export const channelMetrics = (metrics: Metrics, channels: { open: () => number; capacity: number }): ChannelObserver => {
  const registers = [metrics.registry];
  const pings = new Counter({
    name: `${METRIC_PREFIX}channel_pings_total`,
    help: 'Pings received on driver channels',
    labelNames: ['outcome'],
    registers,
  });
  for (const outcome of ['accepted', 'dropped', 'refused']) pings.inc({ outcome }, 0);
  const visible = new Histogram({
    name: `${METRIC_PREFIX}channel_ping_visible_seconds`,
    help: "From a ping's `at` to the position being in the nearest-driver index",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2, 5],
    registers,
  });
  new Gauge({
    name: `${METRIC_PREFIX}channel_open`,
    help: 'Driver channels open now',
    registers,
    collect() {
      this.set(channels.open());
    },
  });
  if (Number.isFinite(channels.capacity))
    new Gauge({
      name: `${METRIC_PREFIX}channel_capacity`,
      help: 'Driver channels this process holds at most (CHANNEL_MAX_OPEN, else the open-file limit less a reserve); more are refused',
      registers,
    }).set(channels.capacity);
  return {
    pinged: (outcome, count = 1) => pings.inc({ outcome }, count),
    visibleAfter: (seconds) => visible.observe(seconds),
  };
};
