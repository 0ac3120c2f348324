import type { Logger } from 'pino';
import type { UnpaidRides } from '../../application/ports/unpaid-rides.js';
import type { ReadModelFreshness } from '../../application/queries/read-model-freshness.js';
import type { FareQueries } from '../../projections/queries/fare-queries.js';

/**
 * A passenger's unpaid rides after a short wait for the read model to reach the log's head: a
 * payment that failed at a finish just answered is then seen. Best effort, like the wait: a
 * request is an append that must be taken 24/7 (requirement 1), so a read store that does not
 * answer lets it through rather than refusing the passenger a taxi.
 */
export const unpaidRidesOf = (queries: FareQueries, freshness: ReadModelFreshness, waitMs: number, logger: Logger): UnpaidRides => ({
  unpaidRideOf: async (passengerId) => {
    try {
      await freshness.waitFor('receipts', 'head', waitMs);
      return await queries.unpaidRideOf(passengerId);
    } catch (error) {
      logger.warn({ err: error, passengerId }, 'unpaid rides not checked: the read store did not answer');
      return null;
    }
  },
});
