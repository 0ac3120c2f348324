import * as fares from '../routes/fares.schemas.js';
import * as settlement from '../routes/settlement.schemas.js';
import { gangnam, ok, staleHeader, station } from './doc-helpers.js';
import type { ApiRegistry } from './registry.js';

const tariffExample = {
  currency: 'KRW',
  amountPerStartedMinute: 0,
  minimumMinutes: 0,
  baseFare: 4800,
  includedDistanceMeters: 1600,
  distanceRate: { amount: 100, perMeters: 131 },
  nightSurcharges: [{ from: '22:00', to: '04:00', percent: 20 }],
  roundTo: 100,
};

/** The tariff and availability of each ride type, and the estimate they price. */
const tariffRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'get',
      path: '/api/tariffs',
      tag: 'tariffs',
      security: 'bearer',
      summary: 'The tariff in force and the availability of every ride type',
      responses: { 200: ok('One entry per ride type', fares.tariffListResponseSchema) },
    },
    {
      method: 'put',
      path: '/api/tariffs/:rideType',
      tag: 'tariffs',
      security: 'bearer',
      summary: 'Set the tariff of a ride type (operator)',
      description: 'In force from now; a call is priced with the tariff in force at its request.',
      request: { params: fares.tariffParamsSchema, body: fares.tariffBodySchema, bodyExample: tariffExample },
      responses: { 200: ok('The tariff in force', fares.setTariffResponseSchema) },
    },
    {
      method: 'post',
      path: '/api/tariffs/:rideType/suspend',
      tag: 'tariffs',
      security: 'bearer',
      summary: 'Stop taking calls of a ride type (operator)',
      description: 'A request for a suspended ride type answers 409 RIDE_TYPE_UNAVAILABLE; calls already made go on.',
      request: { params: fares.tariffParamsSchema, body: fares.suspendBodySchema, bodyExample: { reason: 'Snow storm' } },
      responses: { 200: ok('Suspended', fares.availabilityResponseSchema, { rideType: 'PREMIUM', available: false, revision: 3, position: 120 }) },
    },
    {
      method: 'post',
      path: '/api/tariffs/:rideType/resume',
      tag: 'tariffs',
      security: 'bearer',
      summary: 'Take calls of a ride type again (operator)',
      request: { params: fares.tariffParamsSchema },
      responses: { 200: ok('Available', fares.availabilityResponseSchema, { rideType: 'PREMIUM', available: true, revision: 4, position: 121 }) },
    },
    {
      method: 'post',
      path: '/api/fares/estimate',
      tag: 'fares',
      security: 'bearer',
      summary: 'What a ride would cost if requested now (anyone signed in)',
      request: { body: fares.estimateBodySchema, bodyExample: { pickup: station, destination: gangnam, rideType: 'STANDARD' } },
      responses: { 200: ok('The estimate, and whether the ride type takes calls now', fares.estimateResponseSchema) },
    },
  );

/** What follows a ride: paying a failed fare again, waiving it, the rating, the receipt. */
const settlementRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'post',
      path: '/api/calls/:callId/payment/retry',
      tag: 'payments',
      security: 'bearer',
      summary: "Pay a failed fare again (the ride's passenger)",
      description: "No body. Another passenger's call answers 404 like a missing one.",
      request: { params: settlement.callParamsSchema },
      responses: { 200: ok('The payment after the attempt', settlement.payAgainResponseSchema) },
      errors: { 404: ['CALL_NOT_FOUND', 'PAYMENT_NOT_FOUND'], 409: ['CALL_ALREADY_CANCELLED', 'PAYMENT_NOT_RETRYABLE', 'PAYMENT_ALREADY_SETTLED'] },
    },
    {
      method: 'post',
      path: '/api/payments/:paymentId/waive',
      tag: 'payments',
      security: 'bearer',
      summary: 'Waive a failed fare (operator)',
      request: { params: settlement.paymentParamsSchema, body: settlement.waiveBodySchema, bodyExample: { reason: 'Card issue, goodwill' } },
      responses: { 200: ok('Waived', settlement.waiveResponseSchema) },
      errors: { 404: ['PAYMENT_NOT_FOUND'], 409: ['PAYMENT_NOT_WAIVABLE', 'PAYMENT_ALREADY_SETTLED'] },
    },
    {
      method: 'post',
      path: '/api/calls/:callId/rating',
      tag: 'calls',
      security: 'bearer',
      summary: "Rate a finished ride, once, within 24 hours (the ride's passenger)",
      request: { params: settlement.callParamsSchema, body: settlement.ratingBodySchema, bodyExample: { stars: 5 } },
      responses: { 201: ok('Rated', settlement.ratingResponseSchema) },
      errors: { 404: ['CALL_NOT_FOUND'], 409: ['RIDE_NOT_FINISHED', 'RIDE_ALREADY_RATED', 'RATING_WINDOW_CLOSED'] },
    },
    {
      method: 'get',
      path: '/api/calls/:callId/receipt',
      tag: 'queries',
      security: 'bearer',
      summary: 'The receipt of a ride (its passenger, its driver, operators)',
      description: 'Anybody else is told the call does not exist.',
      request: { params: settlement.callParamsSchema },
      responses: {
        200: {
          ...ok('The receipt: measured distance and time, tariff, breakdown, payment, rating', settlement.receiptResponseSchema),
          headers: staleHeader,
        },
      },
      errors: { 404: ['CALL_NOT_FOUND'] },
    },
  );

/** Tariffs and availability, the estimate, and what follows a ride: paying again, waivers, ratings, receipts. */
export const fareRoutes = (api: ApiRegistry) => {
  tariffRoutes(api);
  settlementRoutes(api);
};
