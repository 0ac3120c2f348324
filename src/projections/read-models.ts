import type { PersonKind } from '../domain/privacy/erasure.js';
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

/**
 * Per collection, the personal fields of its documents and the field naming their owner: what
 * the read store keeps sealed (see each model's `personal`).
 */
export const personalCollections = (models: ReadonlyArray<Projection<ReadModelDocument>> = READ_MODELS) =>
  Object.fromEntries(
    models.map((model) => [
      model.collection,
      Object.entries(model.personal ?? {}).flatMap(([kind, fields]) => {
        const ownerField = model.forgets?.[kind as PersonKind];
        return ownerField ? [{ kind: kind as PersonKind, ownerField, fields }] : [];
      }),
    ]),
  );

export const readModelNamed = (name: string) => READ_MODELS.find((projection) => projection.name === name);
