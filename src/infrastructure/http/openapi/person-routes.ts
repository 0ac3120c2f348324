import * as personalData from '../routes/personal-data.schemas.js';
import * as preferences from '../routes/preferences.schemas.js';
import * as views from '../routes/views.schemas.js';
import { ok, staleHeader } from './doc-helpers.js';
import type { ApiRegistry } from './registry.js';

/** A driver's own views: its profile, its rides and earnings, its notifications. */
const driverViewRoutes = (api: ApiRegistry) =>
  api.add(
    {
      method: 'get',
      path: '/api/drivers/:driverId',
      tag: 'drivers',
      security: 'bearer',
      summary: "A driver's profile, status and last position (the driver, operators)",
      request: { params: views.driverParamsSchema, query: views.callQuerySchema },
      responses: { 200: { ...ok('The driver', views.driverResponseSchema), headers: staleHeader } },
      errors: { 404: ['DRIVER_NOT_FOUND'] },
    },
    {
      method: 'get',
      path: '/api/drivers/:driverId/rides',
      tag: 'drivers',
      security: 'bearer',
      summary: "A driver's rides, newest first, and today's earnings (the driver, operators; keyset pages)",
      request: { params: views.driverParamsSchema, query: views.driverListQuerySchema },
      responses: { 200: { ...ok('A page of rides', views.driverRidesResponseSchema), headers: staleHeader } },
    },
    {
      method: 'get',
      path: '/api/drivers/:driverId/notifications',
      tag: 'drivers',
      security: 'bearer',
      summary: "A driver's notifications, newest first (the driver, operators; keyset pages)",
      request: { params: views.driverParamsSchema, query: views.driverListQuerySchema },
      responses: { 200: { ...ok('A page of notifications', views.driverNotificationsResponseSchema), headers: staleHeader } },
    },
  );

/** The free taxis near a place, for anyone signed in. */
const nearbyTaxisRoute = (api: ApiRegistry) =>
  api.add({
    method: 'get',
    path: '/api/taxis/nearby',
    tag: 'queries',
    security: 'bearer',
    summary: 'Free taxis near a place, without driver ids (anyone signed in)',
    request: { query: views.nearbyTaxisQuerySchema.extend({ minPosition: views.callQuerySchema.shape.minPosition }) },
    responses: {
      200: {
        ...ok(
          'Counted on a grid of about 280 m × 265 m cells: the centre is its cell, the radius the next of 500, 1,000, 2,000, 3,000, 5,000 or 10,000 m, and at most 20 positions are the centres of the taxis’ cells. Limited per subject (NEARBY_RATE_LIMIT_PER_MINUTE).',
          views.nearbyTaxisResponseSchema,
          { count: 1, radiusMeters: 3000, taxis: [{ lat: 37.55375, lng: 126.9705 }] },
        ),
        headers: staleHeader,
      },
    },
  });

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
  driverViewRoutes(api);
  nearbyTaxisRoute(api);
  personalDataRoutes(api);
  preferencesRoutes(api);
};
