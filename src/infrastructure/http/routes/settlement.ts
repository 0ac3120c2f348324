import { Router } from 'express';
import type { SettlePayment } from '../../../application/driving/finish-ride.js';
import { payAgain, waivePayment } from '../../../application/payment/pay-again.js';
import { rateRide } from '../../../application/rating/rate-ride.js';
import type { ReadModelFreshness } from '../../../application/queries/read-model-freshness.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import type { FareQueries } from '../../../projections/queries/fare-queries.js';
import { requireRole } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse } from '../validation.js';
import { callParamsSchema, paymentParamsSchema, ratingBodySchema, waiveBodySchema } from './settlement.schemas.js';

export type SettlementDependencies = RideDependencies & {
  settlePayment: SettlePayment;
  fares: FareQueries;
  /** A receipt waits this long at most for the read model to reach the log's head (read-your-writes). */
  freshness: Pick<ReadModelFreshness, 'waitFor'>;
  implicitWaitMs: number;
};

/** After the ride: the passenger pays a failed fare again or rates the ride, an operator waives a fare, and all three read the receipt. */
export const settlementRoutes = (deps: SettlementDependencies) => {
  const router = Router();

  router.post('/calls/:callId/payment/retry', async (req, res) => {
    const { callId } = parse(callParamsSchema, req.params, 'params');
    const actor = requireRole(res, 'passenger');
    res.json(await payAgain(deps, callId, callerOf(req, actor)));
  });

  router.post('/payments/:paymentId/waive', async (req, res) => {
    const { paymentId } = parse(paymentParamsSchema, req.params, 'params');
    const actor = requireRole(res, 'operator');
    const { reason } = parse(waiveBodySchema, req.body);
    res.json(await waivePayment(deps, paymentId, reason ?? null, callerOf(req, actor)));
  });

  router.post('/calls/:callId/rating', async (req, res) => {
    const { callId } = parse(callParamsSchema, req.params, 'params');
    const actor = requireRole(res, 'passenger');
    const { stars } = parse(ratingBodySchema, req.body);
    const result = await rateRide(deps, callId, actor.id, stars, callerOf(req, actor));
    const rated = result.events[0]!;
    res.status(201).json({ callId, stars: rated.data.stars, ratedAt: rated.data.ratedAt, position: result.position });
  });

  /** The passenger of the ride, its driver and operators; anybody else is told it does not exist. */
  router.get('/calls/:callId/receipt', async (req, res) => {
    const { callId } = parse(callParamsSchema, req.params, 'params');
    const actor = requireRole(res, 'passenger', 'driver', 'operator');
    if (!(await deps.freshness.waitFor('receipts', 'head', deps.implicitWaitMs))) res.set('X-Read-Model-Stale', 'true');
    const receipt = await deps.fares.receipt(callId);
    const reader = actor.role === 'operator' || (actor.role === 'passenger' ? receipt.passengerId : receipt.driverId) === actor.id;
    if (!reader) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
    res.json(receipt);
  });

  return router;
};
