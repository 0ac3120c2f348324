import { z } from 'zod';
import { callParams, driverBody } from './calls.schemas.js';

/**
 * POST /api/calls/:callId/accept — a driver (acting as themselves) or an operator naming the
 * driver. Its declaration is in ride-commands.ts.
 * A refusal decided from the call's state or the driver's ride types appends nothing.
 */
export const acceptCallParams = callParams;
export const acceptCallBody = driverBody;
export const acceptCallResponse = z.object({
  callId: z.string(),
  status: z.literal('DISPATCHED'),
  driverId: z.string(),
  revision: z.number().int(),
  position: z.number().int(),
});
/** 409 codes of an accept; 404 `CALL_NOT_FOUND` / `DRIVER_NOT_FOUND` besides. */
export const ACCEPT_CONFLICT_CODES = [
  'CALL_ALREADY_DISPATCHED',
  'CALL_ALREADY_CANCELLED',
  'CALL_EXPIRED',
  'DRIVER_BUSY',
  'DRIVER_OFFLINE',
  'RIDE_TYPE_MISMATCH',
] as const;
export const acceptCallConflict = z.object({
  error: z.object({ code: z.enum(ACCEPT_CONFLICT_CODES), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
