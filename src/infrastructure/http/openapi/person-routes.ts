import * as personalData from '../routes/personal-data.schemas.js';
import * as preferences from '../routes/preferences.schemas.js';
import { driverViews } from '../routes/driver-views.js';
import { ok } from './doc-helpers.js';
import type { ApiRegistry } from './registry.js';

/** The rights of the person: erasure (crypto-shredding) and export. */
const personalDataRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'delete',
      path: '/api/passengers/:passengerId',
      tag: 'personal data',
      security: 'bearer',
      summary: 'Erase a passenger (themselves, or an operator): crypto-shredding of their personal data',
      description:
        'Refused (409 PASSENGER_HAS_OPEN_CALL) while the passenger has an open call, read from their own stream: no wait for the read side. Erasing twice answers the same.',
      request: { params: personalData.passengerParamsSchema },
      responses: { 200: ok('Erased', personalData.erasePassengerResponseSchema) },
    },
    {
      method: 'delete',
      path: '/api/drivers/:driverId',
      tag: 'personal data',
      security: 'bearer',
      summary: 'Erase a driver (operator): crypto-shredding of their personal data',
      request: { params: personalData.driverParamsSchema },
      responses: { 200: ok('Erased', personalData.eraseDriverResponseSchema) },
      errors: { 404: ['DRIVER_NOT_FOUND'] },
    },
    {
      method: 'get',
      path: '/api/passengers/:passengerId/export',
      tag: 'personal data',
      security: 'bearer',
      summary: 'Everything stored about a passenger (themselves, or an operator)',
      description: "Waits for the read models to reach the log's head (503 READ_MODEL_BEHIND otherwise).",
      request: { params: personalData.passengerParamsSchema },
      responses: { 200: ok('The export', personalData.passengerExportResponseSchema) },
    },
  );

const PREFERENCES_DESCRIPTION =
  'Only the fields sent change. `alimtalk` or `sms` without a number stored or sent is 409 PHONE_REQUIRED. The phone is sealed personal data, erased with the person.';

/** How a person is reached: language, channel and number. */
const preferencesRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'put',
      path: '/api/passengers/:passengerId/preferences',
      tag: 'personal data',
      security: 'bearer',
      summary: 'How a passenger is told: language, channel, phone (themselves, or an operator)',
      description: `${PREFERENCES_DESCRIPTION} A later call is told in this language unless the request names one.`,
      request: {
        params: personalData.passengerParamsSchema,
        body: preferences.preferencesBody,
        bodyExample: { locale: 'ko', channel: 'alimtalk', phone: '010-1234-5678' },
      },
      responses: { 200: ok('The stored preferences', preferences.passengerPreferencesResponse) },
      errors: { 409: ['PHONE_REQUIRED', 'PERSON_ERASED'] },
    },
    {
      method: 'put',
      path: '/api/drivers/:driverId/preferences',
      tag: 'personal data',
      security: 'bearer',
      summary: 'How a driver is told when the app is not connected (the driver, or an operator)',
      description: PREFERENCES_DESCRIPTION,
      request: {
        params: personalData.driverParamsSchema,
        body: preferences.preferencesBody,
        bodyExample: { channel: 'sms', phone: '010-9876-5432' },
      },
      responses: { 200: ok('The stored preferences', preferences.driverPreferencesResponse) },
      errors: { 404: ['DRIVER_NOT_FOUND'], 409: ['PHONE_REQUIRED', 'PERSON_ERASED'] },
    },
  );

/** A driver's own views, the taxis near a place, the rights of the person (erasure, export) and their preferences. */
export const personRoutes = (api: ApiRegistry) => {
  api.add(...driverViews.declarations);
  personalDataRoutes(api);
  preferencesRoutes(api);
};
