import { Router } from 'express';
import { type BookingDependencies, bookCall } from '../../../application/call/book-call.js';
import { assignCall, type PresenceCheck } from '../../../application/dispatch/assign-call.js';
import type { MeterDependencies, SettlePayment } from '../../../application/driving/finish-ride.js';
import { forceFinish } from '../../../application/driving/force-finish.js';
import type { Clock } from '../../../application/ports/clock.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import type { ReadModelFreshness } from '../../../application/queries/read-model-freshness.js';
import type { AttentionQueries } from '../../../projections/queries/attention-queries.js';
import { requireRole } from '../authorization.js';
import { callerOf } from '../caller.js';
import { parse } from '../validation.js';
import { assignBody, callParams, forceFinishBody } from './calls.schemas.js';
import { attentionQuery, bookingBody } from './centre.schemas.js';

export type CentreRouteDependencies = RideDependencies & {
  settlePayment: SettlePayment;
  meter?: MeterDependencies;
  presence: PresenceCheck;
  booking: BookingDependencies;
  attention: AttentionQueries;
  clock: Clock;
  freshness: Pick<ReadModelFreshness, 'waitFor'>;
  waitMs: number;
};

/** The dispatch centre's commands (each recorded with the operator as actor) and its attention list. */
export const centreRoutes = (deps: CentreRouteDependencies) => {
  const router = Router();

  router.post('/bookings', async (req, res) => {
    const actor = requireRole(res, 'operator');
    const input = parse(bookingBody, req.body);
    const result = await bookCall(deps.booking, input, callerOf(req, actor));
    res
      .status(201)
      .json({ callId: result.callId, passengerId: result.passengerId, status: 'REQUESTED', revision: result.revision, position: result.position });
  });

  router.post('/calls/:callId/assign', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const actor = requireRole(res, 'operator');
    const { driverId, reason } = parse(assignBody, req.body);
    const result = await assignCall(deps, { callId, driverId, reason }, callerOf(req, actor));
    res.json({ callId, status: 'DISPATCHED', driverId, revision: result.revision, position: result.position });
  });

  router.post('/calls/:callId/force-finish', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const actor = requireRole(res, 'operator');
    const { reason, fare } = parse(forceFinishBody, req.body);
    const result = await forceFinish(deps, { callId, reason, fare }, callerOf(req, actor));
    res.json({ callId, status: 'FINISHED', fare: result.fare, payment: result.payment, revision: result.revision, position: result.position });
  });

  router.get('/attention', async (req, res) => {
    requireRole(res, 'operator');
    const { limit, cursor, minPosition } = parse(attentionQuery, req.query, 'query');
    // Both models it reads, up to the asked position (or the head), for a bounded wait.
    const reached = await Promise.all(['dashboard', 'drivers'].map((model) => deps.freshness.waitFor(model, minPosition ?? 'head', deps.waitMs)));
    if (reached.includes(false)) res.set('X-Read-Model-Stale', 'true');
    res.json(await deps.attention.items(deps.clock.now(), limit, cursor ?? null));
  });

  return router;
};
