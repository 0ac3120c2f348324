import { Router } from 'express';
import { contextFor } from '../../../application/context.js';
import type { SettlePayment } from '../../../application/driving/finish-ride.js';
import type { Clock } from '../../../application/ports/clock.js';
import type { ReadModelFreshness } from '../../../application/queries/read-model-freshness.js';
import type { OperatorQueries } from '../../../projections/queries/operator-queries.js';
import { requireRole } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse } from '../validation.js';
import { paymentParamsSchema, paymentsQuerySchema } from './payments.schemas.js';
import { type QueryRouteOptions, readModelBehind } from './queries.js';

export type PaymentRouteDependencies = {
  queries: OperatorQueries;
  settlePayment: SettlePayment;
  clock: Clock;
  freshness: ReadModelFreshness;
  options: QueryRouteOptions;
};

/** Operators: the payments that need attention, and charging one now (the same use case as a finish). */
export const paymentRoutes = ({ queries, settlePayment, clock, freshness, options }: PaymentRouteDependencies) => {
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
    const { callId } = await queries.payment(paymentId);
    const status = await settlePayment(paymentId, contextFor(callerOf(req, actor), callId, clock.now()));
    res.json({ paymentId, status });
  });

  return router;
};
