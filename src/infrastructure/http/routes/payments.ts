import { Router } from 'express';
import type { SettlePayment } from '../../../application/driving/finish-ride.js';
import { chargeNow } from '../../../application/payment/charge-now.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import type { ReadModelFreshness } from '../../../application/queries/read-model-freshness.js';
import type { OperatorQueries } from '../../../projections/queries/operator-queries.js';
import { requireRole } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse } from '../validation.js';
import { paymentParamsSchema, paymentsQuerySchema } from './payments.schemas.js';
import { type ReadWaits, readModelBehind } from '../reads-from.js';

type QueryRouteOptions = Omit<ReadWaits, 'freshness'>;

export type PaymentRouteDependencies = RideDependencies & {
  queries: OperatorQueries;
  settlePayment: SettlePayment;
  freshness: ReadModelFreshness;
  options: QueryRouteOptions;
};

/** Operators: the payments that need attention, and charging one now (the same use case as a finish). */
export const paymentRoutes = (deps: PaymentRouteDependencies) => {
  const { queries, freshness, options } = deps;
  const router = Router();

  router.get('/payments', async (req, res) => {
    requireRole(res, 'operator');
    const { status, limit, cursor, minPosition } = parse(paymentsQuerySchema, req.query, 'query');
    const reached = await freshness.waitFor(
      'payments',
      minPosition ?? 'head',
      minPosition === undefined ? options.implicitWaitMs : options.maxWaitMs,
    );
    if (!reached && minPosition !== undefined) throw readModelBehind('payments', minPosition);
    if (!reached) res.set('X-Read-Model-Stale', 'true');
    res.json(await queries.payments(status, { limit, cursor: cursor ?? null }));
  });

  /** Charges a pending payment now; a settled one is answered with its status, never charged again. */
  router.post('/payments/:paymentId/retry', async (req, res) => {
    const { paymentId } = parse(paymentParamsSchema, req.params, 'params');
    const actor = requireRole(res, 'operator');
    res.json(await chargeNow(deps, paymentId, callerOf(req, actor)));
  });

  return router;
};
