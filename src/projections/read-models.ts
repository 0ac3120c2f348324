import { callListProjection } from './call-list/call-list.projection.js';
import { dashboardProjection } from './dashboard/dashboard.projection.js';
import { driversProjection } from './drivers/drivers.projection.js';
import { notificationsProjection } from './notifications/notifications.projection.js';
import { dailyReportProjection } from './daily-report/daily-report.projection.js';
import { driverRidesProjection } from './driver-rides/driver-rides.projection.js';
import { driverNotificationsProjection } from './driver-notifications/driver-notifications.projection.js';
import { paymentsProjection } from './payments/payments.projection.js';
import type { Projection, ReadModelDocument } from './projection.js';
import { receiptsProjection } from './receipts/receipts.projection.js';

/**
 * Every read model the system maintains. A new one (a report, another team's view) is added
 * here and builds itself from the full history on its first run: its checkpoint starts at 0,
 * and no existing model is touched.
 */
export const READ_MODELS: ReadonlyArray<Projection<ReadModelDocument>> = [
  dashboardProjection,
  callListProjection,
  driversProjection,
  notificationsProjection,
  dailyReportProjection,
  driverRidesProjection,
  driverNotificationsProjection,
  paymentsProjection,
  receiptsProjection,
];

export const readModelNamed = (name: string) => READ_MODELS.find((projection) => projection.name === name);
