import type { CommandHandler } from '../../../application/command-handler.js';
import type { Clock } from '../../../application/ports/clock.js';
import { estimateRide, resumeRideType, setTariff, suspendRideType, tariffStateFor } from '../../../application/tariff/tariffs.js';
import { RIDE_TYPES } from '../../../domain/call/call.js';
import type { TariffState } from '../../../domain/tariff/tariff.js';
import { actorOf } from '../authorization.js';
import { callerOf } from '../caller.js';
import { gangnam, ok, station } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import * as fares from './fares.schemas.js';

export type TariffRouteDependencies = { commands: CommandHandler; clock: Clock; timeZone: string };

const entryOf = (rideType: string, state: TariffState) => ({
  rideType,
  ...state.tariff,
  version: state.version,
  effectiveFrom: state.effectiveFrom,
  available: state.available,
});

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

/**
 * The operator's tariff and availability per ride type, and the estimate they price. A tariff is in
 * force from the moment it is set; a call is priced with the tariff in force at its request.
 */
export const tariffRoutes = new Routes<TariffRouteDependencies>({ tag: 'tariffs' })
  .route({
    method: 'get',
    path: '/api/tariffs',
    summary: 'The tariff in force and the availability of every ride type',
    responses: { 200: ok('One entry per ride type', fares.tariffListResponseSchema) },
    handle: (_input, { commands }) => Promise.all(RIDE_TYPES.map(async (rideType) => entryOf(rideType, await tariffStateFor(commands, rideType)))),
  })
  .route({
    method: 'put',
    path: '/api/tariffs/:rideType',
    summary: 'Set the tariff of a ride type (operator)',
    description: 'In force from now; a call is priced with the tariff in force at its request.',
    roles: ['operator'],
    request: { params: fares.tariffParamsSchema, body: fares.tariffBodySchema, bodyExample: tariffExample },
    responses: { 200: ok('The tariff in force', fares.setTariffResponseSchema) },
    handle: async ({ params: { rideType }, body }, { commands, clock }, { req, res }) => {
      const result = await setTariff(commands, clock, rideType, body, callerOf(req, actorOf(res)));
      return { ...entryOf(rideType, await tariffStateFor(commands, rideType)), revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/tariffs/:rideType/suspend',
    summary: 'Stop taking calls of a ride type (operator)',
    description: 'A request for a suspended ride type answers 409 RIDE_TYPE_UNAVAILABLE; calls already made go on.',
    roles: ['operator'],
    request: { params: fares.tariffParamsSchema, body: fares.suspendBodySchema, bodyExample: { reason: 'Snow storm' } },
    responses: { 200: ok('Suspended', fares.availabilityResponseSchema, { rideType: 'PREMIUM', available: false, revision: 3, position: 120 }) },
    handle: async ({ params: { rideType }, body: { reason } }, { commands, clock }, { req, res }) => {
      const result = await suspendRideType(commands, clock, rideType, reason ?? null, callerOf(req, actorOf(res)));
      return { rideType, available: false, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/tariffs/:rideType/resume',
    summary: 'Take calls of a ride type again (operator)',
    roles: ['operator'],
    request: { params: fares.tariffParamsSchema },
    responses: { 200: ok('Available', fares.availabilityResponseSchema, { rideType: 'PREMIUM', available: true, revision: 4, position: 121 }) },
    handle: async ({ params: { rideType } }, { commands, clock }, { req, res }) => {
      const result = await resumeRideType(commands, clock, rideType, callerOf(req, actorOf(res)));
      return { rideType, available: true, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/fares/estimate',
    tag: 'fares',
    summary: 'What a ride would cost if requested now (anyone signed in)',
    // An app shows it before the request.
    roles: ['passenger', 'driver', 'operator'],
    request: { body: fares.estimateBodySchema, bodyExample: { pickup: station, destination: gangnam, rideType: 'STANDARD' } },
    responses: { 200: ok('The estimate, and whether the ride type takes calls now', fares.estimateResponseSchema) },
    handle: async ({ body }, { commands, clock, timeZone }) => ({
      rideType: body.rideType,
      ...(await estimateRide(commands, clock, timeZone, body)),
    }),
  });
