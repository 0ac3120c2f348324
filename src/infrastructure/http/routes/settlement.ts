import type { SettlePayment } from '../../../application/driving/finish-ride.js';
import { payAgain, waivePayment } from '../../../application/payment/pay-again.js';
import { rateRide } from '../../../application/rating/rate-ride.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import { DomainError } from '../../../domain/shared/domain-error.js';
import type { FareQueries } from '../../../projections/queries/fare-queries.js';
import { receiptsProjection } from '../../../projections/receipts/receipts.projection.js';
import { actorOf } from '../authorization.js';
import { callerOf } from '../caller.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as settlement from './settlement.schemas.js';

export type SettlementDependencies = RideDependencies & { settlePayment: SettlePayment; fares: FareQueries };

/** After the ride: the passenger pays a failed fare again or rates the ride, an operator waives a fare, and all three read the receipt. */
export const settlementRoutes = new Routes<SettlementDependencies>({ tag: 'payments' })
  .route({
    method: 'post',
    path: '/api/calls/:callId/payment/retry',
    summary: "Pay a failed fare again (the ride's passenger)",
    description: "No body. Another passenger's call answers 404 like a missing one.",
    roles: ['passenger'],
    request: { params: settlement.callParamsSchema },
    responses: { 200: ok('The payment after the attempt', settlement.payAgainResponseSchema) },
    errors: { 404: ['CALL_NOT_FOUND', 'PAYMENT_NOT_FOUND'], 409: ['CALL_ALREADY_CANCELLED', 'PAYMENT_NOT_RETRYABLE', 'PAYMENT_ALREADY_SETTLED'] },
    handle: ({ params: { callId } }, deps, { req, res }) => payAgain(deps, callId, callerOf(req, actorOf(res))),
  })
  .route({
    method: 'post',
    path: '/api/payments/:paymentId/waive',
    summary: 'Waive a failed fare (operator)',
    roles: ['operator'],
    request: { params: settlement.paymentParamsSchema, body: settlement.waiveBodySchema, bodyExample: { reason: 'Card issue, goodwill' } },
    responses: { 200: ok('Waived', settlement.waiveResponseSchema) },
    errors: { 404: ['PAYMENT_NOT_FOUND'], 409: ['PAYMENT_NOT_WAIVABLE', 'PAYMENT_ALREADY_SETTLED'] },
    handle: ({ params: { paymentId }, body: { reason } }, deps, { req, res }) =>
      waivePayment(deps, paymentId, reason ?? null, callerOf(req, actorOf(res))),
  })
  .route({
    method: 'post',
    path: '/api/calls/:callId/rating',
    tag: 'calls',
    summary: "Rate a finished ride, once, within 24 hours (the ride's passenger)",
    roles: ['passenger'],
    request: { params: settlement.callParamsSchema, body: settlement.ratingBodySchema, bodyExample: { stars: 5 } },
    responses: { 201: ok('Rated', settlement.ratingResponseSchema) },
    errors: { 404: ['CALL_NOT_FOUND'], 409: ['RIDE_NOT_FINISHED', 'RIDE_ALREADY_RATED', 'RATING_WINDOW_CLOSED'] },
    handle: async ({ params: { callId }, body: { stars } }, deps, { req, res }) => {
      const actor = actorOf(res);
      const result = await rateRide(deps, callId, actor.id, stars, callerOf(req, actor));
      const rated = result.events[0]!;
      return { callId, stars: rated.data.stars, ratedAt: rated.data.ratedAt, position: result.position };
    },
  })
  .route({
    method: 'get',
    path: '/api/calls/:callId/receipt',
    tag: 'queries',
    summary: 'The receipt of a ride (its passenger, its driver, operators)',
    description: 'Anybody else is told the call does not exist.',
    roles: ['passenger', 'driver', 'operator'],
    request: { params: settlement.callParamsSchema },
    readsFrom: [receiptsProjection],
    responses: { 200: ok('The receipt: measured distance and time, tariff, breakdown, payment, rating', settlement.receiptResponseSchema) },
    errors: { 404: ['CALL_NOT_FOUND'] },
    handle: async ({ params: { callId } }, { fares }, { res }) => {
      const actor = actorOf(res);
      const receipt = await fares.receipt(callId);
      const reader = actor.role === 'operator' || (actor.role === 'passenger' ? receipt.passengerId : receipt.driverId) === actor.id;
      if (!reader) throw new DomainError('CALL_NOT_FOUND', `Call ${callId} does not exist`, { callId });
      return receipt;
    },
  });
