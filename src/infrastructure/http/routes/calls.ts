import { Router } from 'express';
import { type RequestCallOptions, requestCall } from '../../../application/call/request-call.js';
import { loadCall } from '../../../application/call/load-call.js';
import { acceptCall } from '../../../application/dispatch/accept-call.js';
import { cancelCall } from '../../../application/dispatch/cancel-call.js';
import { finishRide, type MeterDependencies, type SettlePayment } from '../../../application/driving/finish-ride.js';
import { startRide } from '../../../application/driving/start-ride.js';
import type { PickupCheck } from '../../../application/dispatch/pickup.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import type { CallState } from '../../../domain/call/call.js';
import { actingAs, actorOf, requireRole } from '../authorization.js';
import { callerOf } from '../caller.js';
import { acceptedLocale } from '../locale.js';
import { parse } from '../validation.js';
import { callParams, cancelBody, driverBody, idempotencyKeySchema, requestCallBody as requestSchema } from './calls.schemas.js';

/** The contract's status for the Call aggregate's own view of itself. */
const statusOfCall = (state: CallState) =>
  ({
    none: 'REQUESTED',
    requested: 'REQUESTED',
    dispatched: 'DISPATCHED',
    completed: 'FINISHED',
    cancelled: 'CANCELLED',
    expired: 'NO_DRIVER_FOUND',
  })[state.status];

/** Ride commands: request, accept, cancel, start (at the pickup), finish. */
export const callCommandRoutes = (
  deps: RideDependencies & { settlePayment: SettlePayment; meter?: MeterDependencies; requestOptions?: RequestCallOptions; pickup: PickupCheck },
) => {
  const router = Router();

  router.post('/calls', async (req, res) => {
    const input = parse(requestSchema, req.body);
    const passengerId = actingAs(res, 'passenger', input.passengerId, true);
    const idempotencyKey = parse(idempotencyKeySchema, req.get('idempotency-key'), 'headers');
    const result = await requestCall(
      deps.commands,
      deps.clock,
      { ...input, passengerId, idempotencyKey, acceptedLocale: acceptedLocale(req) },
      callerOf(req, actorOf(res)),
      deps.requestOptions,
    );
    const requested = result.events.find((event) => event.type === 'CallRequested');
    const call = requested ? null : await loadCall(deps.commands, result.callId);
    const status = call ? statusOfCall(call) : 'REQUESTED';
    const estimate = (requested?.data ?? call?.request)?.quote?.estimate ?? null;
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(201).json({ callId: result.callId, status, estimate, revision: result.revision, position: result.position });
  });

  router.post('/calls/:callId/accept', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const driverId = actingAs(res, 'driver', parse(driverBody, req.body).driverId);
    const result = await acceptCall(deps, { callId, driverId }, callerOf(req, actorOf(res)));
    res.json({ callId, status: 'DISPATCHED', driverId, revision: result.revision, position: result.position });
  });

  router.post('/calls/:callId/cancel', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const actor = requireRole(res, 'passenger', 'operator');
    const { reason } = parse(cancelBody, req.body);
    const result = await cancelCall(
      deps,
      { callId, reason: reason ?? null, cancelledBy: actor.role === 'operator' ? 'operator' : 'passenger' },
      callerOf(req, actor),
    );
    res.json({ callId, status: 'CANCELLED', revision: result.revision, position: result.position });
  });

  /** The customer centre may cancel at any point; a paid ride is then refunded by the payment worker. */
  router.post('/calls/:callId/operator-cancel', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const actor = requireRole(res, 'operator');
    const { reason } = parse(cancelBody, req.body);
    const result = await cancelCall(deps, { callId, reason: reason ?? null, cancelledBy: 'operator' }, callerOf(req, actor));
    res.json({ callId, status: 'CANCELLED', revision: result.revision, position: result.position });
  });

  router.post('/calls/:callId/start', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const driverId = actingAs(res, 'driver', parse(driverBody, req.body).driverId);
    const result = await startRide(deps, { callId, driverId }, callerOf(req, actorOf(res)));
    res.json({ callId, status: 'DRIVING', revision: result.revision, position: result.position });
  });

  router.post('/calls/:callId/finish', async (req, res) => {
    const { callId } = parse(callParams, req.params, 'params');
    const driverId = actingAs(res, 'driver', parse(driverBody, req.body).driverId);
    const result = await finishRide(deps, { callId, driverId }, callerOf(req, actorOf(res)));
    res.json({ callId, status: 'FINISHED', fare: result.fare, payment: result.payment, revision: result.revision, position: result.position });
  });

  return router;
};
