import * as deadLetters from '../routes/dead-letters.schemas.js';
import * as payments from '../routes/payments.schemas.js';
import * as views from '../routes/views.schemas.js';
import { ok, staleHeader } from './doc-helpers.js';
import type { ApiRegistry } from './registry.js';

/** The operators' views: every call and its history, every driver, the daily report. */
const operatorViewRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'get',
      path: '/api/calls',
      tag: 'operators',
      security: 'bearer',
      summary: 'Every call, newest first, filtered (operator; keyset pages)',
      description: '`status` is a comma-separated list (`REQUESTED,DISPATCHED`); `from`/`to` bound the request time.',
      request: { query: views.callsQuerySchema.extend({ minPosition: views.callQuerySchema.shape.minPosition }) },
      responses: { 200: { ...ok('A page of dashboard entries', views.callsResponseSchema), headers: staleHeader } },
    },
    {
      method: 'get',
      path: '/api/calls/:callId/history',
      tag: 'operators',
      security: 'bearer',
      summary: 'Every event of a call, in log order, with who did it (operator)',
      request: { params: views.callParamsSchema },
      responses: { 200: ok('The history', views.callHistoryResponseSchema) },
      errors: { 404: ['CALL_NOT_FOUND'] },
    },
    {
      method: 'get',
      path: '/api/drivers',
      tag: 'operators',
      security: 'bearer',
      summary: 'Every driver, filtered by status, or nearest first with `near=lat,lng` (operator; keyset pages)',
      request: { query: views.driversQuerySchema.extend({ minPosition: views.callQuerySchema.shape.minPosition }) },
      responses: { 200: { ...ok('A page of drivers', views.driversResponseSchema), headers: staleHeader } },
    },
    {
      method: 'get',
      path: '/api/reports/daily',
      tag: 'operators',
      security: 'bearer',
      summary: 'Calls, revenue and times per day in the service time zone (operator)',
      description: '`from` and `to` are days (YYYY-MM-DD), both included, at most 366 days apart.',
      request: { query: views.dailyReportQuerySchema.safeExtend({ minPosition: views.callQuerySchema.shape.minPosition }) },
      responses: { 200: { ...ok('One entry per day', views.dailyReportResponseSchema), headers: staleHeader } },
    },
  );

/** The payment desk: payments by status, and charging a pending one now. */
const paymentDeskRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'get',
      path: '/api/payments',
      tag: 'payments',
      security: 'bearer',
      summary: 'Payments, filtered by status (`FAILED,PENDING`), newest first (operator; keyset pages)',
      request: { query: payments.paymentsQuerySchema },
      responses: { 200: { ...ok('A page of payments', payments.paymentsResponseSchema), headers: staleHeader } },
    },
    {
      method: 'post',
      path: '/api/payments/:paymentId/retry',
      tag: 'payments',
      security: 'bearer',
      summary: 'Charge a pending payment now (operator)',
      description: 'No body. A settled payment is answered with its status, never charged again.',
      request: { params: payments.paymentParamsSchema },
      responses: {
        200: ok("The payment's status after the attempt", payments.paymentRetryResponseSchema, { paymentId: 'pay-c1', status: 'APPROVED' }),
      },
      errors: { 404: ['PAYMENT_NOT_FOUND'] },
    },
  );

/** The dead-letter desk: notifications the channel did not take, and sending one again. */
const deadLetterDeskRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'get',
      path: '/api/deliveries',
      tag: 'operators',
      security: 'bearer',
      summary: 'What became of each notification: the channel it went out on, or the failure and its reason (operator)',
      description:
        'One entry per notification, its latest outcome (a redelivery replaces a failure). A failure is also a dead letter, offered again.',
      request: { query: deadLetters.deliveriesQuerySchema },
      responses: { 200: ok('The latest deliveries first', deadLetters.deliveriesResponseSchema) },
    },
    {
      method: 'get',
      path: '/api/dead-letters',
      tag: 'operators',
      security: 'bearer',
      summary: 'Notifications the messaging channel did not take, oldest failure first (operator; keyset pages)',
      request: { query: deadLetters.deadLettersQuerySchema },
      responses: { 200: ok('A page of dead letters', deadLetters.deadLettersResponseSchema) },
    },
    {
      method: 'post',
      path: '/api/dead-letters/:id/replay',
      tag: 'operators',
      security: 'bearer',
      summary: 'Send a parked notification again now (operator)',
      description:
        'No body. Delivered: 200 and the letter is gone. Unavailable channel: 503 with Retry-After; refused: 409; either way it stays parked.',
      request: { params: deadLetters.deadLetterParamsSchema },
      responses: { 200: ok('Delivered', deadLetters.deadLetterReplayResponseSchema) },
      errors: { 404: ['DEAD_LETTER_NOT_FOUND'], 409: ['NOTIFICATION_REJECTED'], 503: ['NOTIFICATION_CHANNEL_UNAVAILABLE'] },
    },
  );

/** The operators' views (lists, history, daily report) and their payment and dead-letter desks. */
export const operatorRoutes = (api: ApiRegistry) => {
  operatorViewRoutes(api);
  paymentDeskRoutes(api);
  deadLetterDeskRoutes(api);
};
