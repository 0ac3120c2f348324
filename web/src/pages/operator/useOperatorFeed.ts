import { useEffect, useState } from 'react';
import { watchOperator } from '../../api/client.js';
import type { OperatorTopic } from '../../api/types.js';

/** What follows the clock rather than the log (a silent taxi turns away, a ride gets stuck): looked at this often. */
const CLOCK_TICK_MS = 30_000;

/**
 * A version per list of the operator's page, raised when the server says the list changed, and
 * `tick`, raised every half minute: a list reloads when its version changes, so an idle page asks
 * for nothing but what time alone can change.
 */
export type FeedVersions = Record<OperatorTopic, number> & { any: number; tick: number };

export const useOperatorFeed = (): FeedVersions => {
  const [versions, setVersions] = useState<FeedVersions>({ calls: 0, drivers: 0, payments: 0, any: 0, tick: 0 });
  useEffect(() => {
    const stop = watchOperator(({ topics }) =>
      setVersions((current) => {
        const next = { ...current, any: current.any + 1 };
        for (const topic of topics) next[topic] += 1;
        return next;
      }),
    );
    const clock = setInterval(() => setVersions((current) => ({ ...current, tick: current.tick + 1 })), CLOCK_TICK_MS);
    return () => {
      stop();
      clearInterval(clock);
    };
  }, []);
  return versions;
};
