import { z } from 'zod';
import { RIDE_TYPES } from '../../../domain/call/call.js';
import { coordinatesSchema, idSchema, rideTypeSchema } from '../validation.js';
import { coordinatesOut, writeResult } from './common.schemas.js';

export const registerDriverBody = z.object({
  name: z.string().trim().min(1).max(100),
  vehicleNo: z.string().trim().min(1).max(20),
  rideTypes: z.array(rideTypeSchema).min(1).max(RIDE_TYPES.length).optional(),
});
export const goOnlineBody = z.object({ location: coordinatesSchema });
export const driverParams = z.object({ driverId: idSchema });

export const driverRegisteredResponse = z.object({ driverId: z.string(), name: z.string(), vehicleNo: z.string(), ...writeResult });
export const driverOnlineResponse = z.object({ driverId: z.string(), status: z.literal('ONLINE'), location: coordinatesOut, ...writeResult });
export const driverOfflineResponse = z.object({ driverId: z.string(), status: z.literal('OFFLINE'), ...writeResult });
export const driverPositionResponse = z.object({ driverId: z.string(), location: coordinatesOut, at: z.string() });
