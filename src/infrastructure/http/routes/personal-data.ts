import { erasePerson, type ErasureDependencies } from '../../../application/privacy/erase-person.js';
import { preferencesOf } from '../../../application/preferences/set-preferences.js';
import { type PreferencesDependencies, setPreferences } from '../../../application/preferences/set-preferences.js';
import { dashboardProjection } from '../../../projections/dashboard/dashboard.projection.js';
import { notificationsProjection } from '../../../projections/notifications/notifications.projection.js';
import type { PersonalDataQueries } from '../../../projections/queries/personal-data-export.js';
import { actorOf, requireSelfOrOperator } from '../authorization.js';
import { callerOf } from '../caller.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as personalData from './personal-data.schemas.js';
import * as preferences from './preferences.schemas.js';

export type PersonalDataRouteDependencies = { erasure: ErasureDependencies; queries: PersonalDataQueries };

/**
 * The rights of the person: erasure (crypto-shredding) and access (export). An erasure is a
 * command: the open call that refuses it is on the person's own stream. An export reads the read
 * side, which must have every ride, so a read model that cannot catch up in time answers 503
 * READ_MODEL_BEHIND instead of a wrong answer.
 */
export const personalDataRoutes = new Routes<PersonalDataRouteDependencies>({ tag: 'personal data' })
  .route({
    method: 'delete',
    path: '/api/passengers/:passengerId',
    summary: 'Erase a passenger (themselves, or an operator): crypto-shredding of their personal data',
    description:
      'Refused (409 PASSENGER_HAS_OPEN_CALL) while the passenger has an open call, read from their own stream: no wait for the read side. Erasing twice answers the same.',
    request: { params: personalData.passengerParamsSchema },
    responses: { 200: ok('Erased', personalData.erasePassengerResponseSchema) },
    handle: async ({ params: { passengerId } }, { erasure }, { req, res }) => {
      const actor = requireSelfOrOperator(res, 'passenger', passengerId);
      const { erasedAt } = await erasePerson(erasure, 'passenger', passengerId, callerOf(req, actor));
      return { passengerId, status: 'ERASED', erasedAt };
    },
  })
  .route({
    method: 'delete',
    path: '/api/drivers/:driverId',
    summary: 'Erase a driver (operator): crypto-shredding of their personal data',
    roles: ['operator'],
    request: { params: personalData.driverParamsSchema },
    responses: { 200: ok('Erased', personalData.eraseDriverResponseSchema) },
    errors: { 404: ['DRIVER_NOT_FOUND'] },
    handle: async ({ params: { driverId } }, { erasure }, { req, res }) => {
      const { erasedAt } = await erasePerson(erasure, 'driver', driverId, callerOf(req, actorOf(res)));
      return { driverId, status: 'ERASED', erasedAt };
    },
  })
  .route({
    method: 'get',
    path: '/api/passengers/:passengerId/export',
    summary: 'Everything stored about a passenger (themselves, or an operator)',
    description: "Waits for the read models to reach the log's head (503 READ_MODEL_BEHIND otherwise).",
    roles: ['passenger', 'operator'],
    request: { params: personalData.passengerParamsSchema },
    readsFrom: [dashboardProjection, notificationsProjection],
    staleIsWrong: true,
    responses: { 200: ok('The export', personalData.passengerExportResponseSchema) },
    handle: async ({ params: { passengerId } }, { queries, erasure }, { res }) => {
      requireSelfOrOperator(res, 'passenger', passengerId);
      // How the passenger is reached is on their own stream (the write side), the number included.
      const [exported, preferences] = await Promise.all([
        queries.passengerExport(passengerId, erasure.clock.now()),
        preferencesOf(erasure.commands, 'passenger', passengerId),
      ]);
      return { ...exported, preferences };
    },
  });

const PREFERENCES_DESCRIPTION =
  'Only the fields sent change. `alimtalk` or `sms` without a number stored or sent is 409 PHONE_REQUIRED. The phone is sealed personal data, erased with the person.';

/** How a person is reached (language, channel, number), set by the person or an operator. */
export const preferencesRoutes = new Routes<PreferencesDependencies>({ tag: 'personal data' })
  .route({
    method: 'put',
    path: '/api/passengers/:passengerId/preferences',
    summary: 'How a passenger is told: language, channel, phone (themselves, or an operator)',
    description: `${PREFERENCES_DESCRIPTION} A later call is told in this language unless the request names one.`,
    roles: ['passenger', 'operator'],
    request: {
      params: personalData.passengerParamsSchema,
      body: preferences.preferencesBody,
      bodyExample: { locale: 'ko', channel: 'alimtalk', phone: '010-1234-5678' },
    },
    responses: { 200: ok('The stored preferences', preferences.passengerPreferencesResponse) },
    errors: { 409: ['PHONE_REQUIRED', 'PERSON_ERASED'] },
    handle: async ({ params: { passengerId }, body }, deps, { req, res }) => {
      const actor = requireSelfOrOperator(res, 'passenger', passengerId);
      return { passengerId, ...(await setPreferences(deps, 'passenger', passengerId, body, callerOf(req, actor))) };
    },
  })
  .route({
    method: 'put',
    path: '/api/drivers/:driverId/preferences',
    summary: 'How a driver is told when the app is not connected (the driver, or an operator)',
    description: PREFERENCES_DESCRIPTION,
    roles: ['driver', 'operator'],
    request: { params: personalData.driverParamsSchema, body: preferences.preferencesBody, bodyExample: { channel: 'sms', phone: '010-9876-5432' } },
    responses: { 200: ok('The stored preferences', preferences.driverPreferencesResponse) },
    errors: { 404: ['DRIVER_NOT_FOUND'], 409: ['PHONE_REQUIRED', 'PERSON_ERASED'] },
    handle: async ({ params: { driverId }, body }, deps, { req, res }) => {
      const actor = requireSelfOrOperator(res, 'driver', driverId);
      return { driverId, ...(await setPreferences(deps, 'driver', driverId, body, callerOf(req, actor))) };
    },
  });
