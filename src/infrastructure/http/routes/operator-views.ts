import type { EventStore } from '../../../application/ports/event-store.js';
import { callHistory } from '../../../application/queries/call-history.js';
import { dailyReportProjection } from '../../../projections/daily-report/daily-report.projection.js';
import { dashboardProjection } from '../../../projections/dashboard/dashboard.projection.js';
import { driversProjection } from '../../../projections/drivers/drivers.projection.js';
import type { DailyReportQueries } from '../../../projections/queries/daily-report-queries.js';
import type { OperatorQueries } from '../../../projections/queries/operator-queries.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as views from './views.schemas.js';

export type OperatorViewDependencies = {
  queries: OperatorQueries;
  reports: DailyReportQueries;
  timeZone: string;
  /** The bound store (crypto-shredding): the call history shows an erased person's fields erased. */
  eventStore: Pick<EventStore, 'readStream'>;
};

const { minPosition } = views.callQuerySchema.shape;

/** The operators' views: every call and its history (read from the log), every driver, the daily report. */
export const operatorViewRoutes = new Routes<OperatorViewDependencies>({ tag: 'operators' })
  .route({
    method: 'get',
    path: '/api/calls',
    summary: 'Every call, newest first, filtered (operator; keyset pages)',
    description: '`status` is a comma-separated list (`REQUESTED,DISPATCHED`); `from`/`to` bound the request time.',
    roles: ['operator'],
    request: { query: views.callsQuerySchema.extend({ minPosition }) },
    readsFrom: [dashboardProjection],
    responses: { 200: ok('A page of dashboard entries', views.callsResponseSchema) },
    handle: ({ query: { limit, cursor, minPosition: _read, ...filter } }, { queries }) => queries.calls(filter, { limit, cursor: cursor ?? null }),
  })
  .route({
    method: 'get',
    path: '/api/calls/:callId/history',
    summary: 'Every event of a call, in log order, with who did it (operator)',
    roles: ['operator'],
    request: { params: views.callParamsSchema },
    responses: { 200: ok('The history', views.callHistoryResponseSchema) },
    errors: { 404: ['CALL_NOT_FOUND'] },
    handle: ({ params: { callId } }, { eventStore }) => callHistory(eventStore, callId),
  })
  .route({
    method: 'get',
    path: '/api/drivers',
    summary: 'Every driver, filtered by status, or nearest first with `near=lat,lng` (operator; keyset pages)',
    roles: ['operator'],
    request: { query: views.driversQuerySchema.extend({ minPosition }) },
    readsFrom: [driversProjection],
    responses: { 200: ok('A page of drivers', views.driversResponseSchema) },
    handle: ({ query: { limit, cursor, status, near } }, { queries }) => queries.drivers(status, near, { limit, cursor: cursor ?? null }),
  })
  .route({
    method: 'get',
    path: '/api/reports/daily',
    summary: 'Calls, revenue and times per day in the service time zone (operator)',
    description: '`from` and `to` are days (YYYY-MM-DD), both included, at most 366 days apart.',
    roles: ['operator'],
    request: { query: views.dailyReportQuerySchema.safeExtend({ minPosition }) },
    readsFrom: [dailyReportProjection],
    responses: { 200: ok('One entry per day', views.dailyReportResponseSchema) },
    handle: async ({ query: { from, to } }, { reports, timeZone }) => ({ timeZone, days: await reports.daily(from, to) }),
  });
