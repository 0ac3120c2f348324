import { type DriverDependencies, goOffline, goOnline, registerDriver } from '../../../application/driver/driver-service.js';
import { type ReportLocationDependencies, reportLocation } from '../../../application/driver/report-location.js';
import { RIDE_TYPES } from '../../../domain/call/call.js';
import { actorOf, requireSelfOrOperator } from '../authorization.js';
import { callerOf } from '../caller.js';
import { ok } from '../openapi/doc-helpers.js';
import { Routes } from '../route.js';
import { coordinatesSchema } from '../validation.js';
import * as drivers from './drivers.schemas.js';

/** Driver commands: registration and availability. */
export const driverCommandRoutes = new Routes<DriverDependencies>({ tag: 'drivers' })
  .route({
    method: 'post',
    path: '/api/drivers',
    summary: 'Register a driver (an operator, or a driver for themselves)',
    roles: ['operator', 'driver'],
    request: { body: drivers.registerDriverBody, bodyExample: { name: 'Kim', vehicleNo: '12가3456' } },
    responses: { 201: ok('Registered', drivers.driverRegisteredResponse) },
    errors: { 409: ['DRIVER_ALREADY_REGISTERED'] },
    handle: async ({ body }, deps, { req, res }) => {
      const actor = actorOf(res);
      const driverId = actor.role === 'driver' ? actor.id : undefined;
      const result = await registerDriver(deps, { ...body, rideTypes: body.rideTypes ?? [...RIDE_TYPES], driverId }, callerOf(req, actor));
      return { driverId: result.driverId, name: body.name, vehicleNo: body.vehicleNo, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/drivers/:driverId/online',
    summary: 'Go online at a location',
    roles: ['driver', 'operator'],
    request: { params: drivers.driverParams, body: drivers.goOnlineBody, bodyExample: { location: { lat: 37.5547, lng: 126.9707 } } },
    responses: { 200: ok('Online', drivers.driverOnlineResponse) },
    errors: { 404: ['DRIVER_NOT_FOUND'], 409: ['PERSON_ERASED'] },
    handle: async ({ params: { driverId }, body: { location } }, deps, { req, res }) => {
      const actor = requireSelfOrOperator(res, 'driver', driverId);
      const result = await goOnline(deps, { driverId, location }, callerOf(req, actor));
      return { driverId, status: 'ONLINE', location, revision: result.revision, position: result.position };
    },
  })
  .route({
    method: 'post',
    path: '/api/drivers/:driverId/offline',
    summary: 'Go offline (the driver), or set a driver offline (operator, recorded as the actor)',
    description: 'Refused with 409 DRIVER_BUSY while the driver is on a ride, whoever asks.',
    request: { params: drivers.driverParams },
    responses: { 200: ok('Offline', drivers.driverOfflineResponse) },
    errors: { 404: ['DRIVER_NOT_FOUND'], 409: ['DRIVER_BUSY'] },
    handle: async ({ params: { driverId } }, deps, { req, res }) => {
      const actor = requireSelfOrOperator(res, 'driver', driverId);
      const result = await goOffline(deps, { driverId }, callerOf(req, actor));
      return { driverId, status: 'OFFLINE', revision: result.revision, position: result.position };
    },
  });

/**
 * Position pings: many per driver per minute, so they overwrite the last known position instead of
 * appending events. They feed the spatial index auto-dispatch searches.
 */
export const driverLocationRoutes = new Routes<ReportLocationDependencies>({ tag: 'drivers' }).route({
  method: 'put',
  path: '/api/drivers/:driverId/location',
  summary: 'Report where the driver is (frequent pings, not events)',
  roles: ['driver', 'operator'],
  request: { params: drivers.driverParams, body: coordinatesSchema },
  responses: { 200: ok('The saved position', drivers.driverPositionResponse) },
  errors: { 404: ['DRIVER_NOT_FOUND'], 409: ['DRIVER_OFFLINE'] },
  handle: ({ params: { driverId }, body }, deps, { res }) => {
    requireSelfOrOperator(res, 'driver', driverId);
    return reportLocation(deps, driverId, body);
  },
});
