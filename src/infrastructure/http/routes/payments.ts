import type { SettlePayment } from '../../../application/driving/finish-ride.js';
import { chargeNow } from '../../../application/payment/charge-now.js';
import type { RideDependencies } from '../../../application/ride-dependencies.js';
import { paymentsProjection } from '../../../projections/payments/payments.projection.js';
import type { OperatorQueries } from '../../../projections/queries/operator-queries.js';
import { actorOf } from '../authorization.js';
import { callerOf } from '../caller.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as payments from './payments.schemas.js';

export type PaymentRouteDependencies = RideDependencies & { queries: OperatorQueries; settlePayment: SettlePayment };

/** The operators' payment desk: the payments that need attention, and charging one now (the same use case as a finish). */
export const paymentDeskRoutes = new Routes<PaymentRouteDependencies>({ tag: 'payments' })
  .route({
    method: 'get',
    path: '/api/payments',
    summary: 'Payments, filtered by status (`FAILED,PENDING`), newest first (operator; keyset pages)',
    roles: ['operator'],
    request: { query: payments.paymentsQuerySchema },
    readsFrom: [paymentsProjection],
    responses: { 200: ok('A page of payments', payments.paymentsResponseSchema) },
    handle: ({ query: { status, limit, cursor } }, { queries }) => queries.payments(status, { limit, cursor: cursor ?? null }),
  })
  .route({
    method: 'post',
    path: '/api/payments/:paymentId/retry',
    summary: 'Charge a pending payment now (operator)',
    description: 'No body. A settled payment is answered with its status, never charged again.',
    roles: ['operator'],
    request: { params: payments.paymentParamsSchema },
    responses: {
      200: ok("The payment's status after the attempt", payments.paymentRetryResponseSchema, { paymentId: 'pay-c1', status: 'APPROVED' }),
    },
    errors: { 404: ['PAYMENT_NOT_FOUND'] },
    handle: ({ params: { paymentId } }, deps, { req, res }) => chargeNow(deps, paymentId, callerOf(req, actorOf(res))),
  });
