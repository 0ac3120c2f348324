import { z } from 'zod';
import { RIDE_TYPES } from '../../domain/call/call.js';
import { HttpError } from './errors.js';

const latitude = z.number().finite().min(-90).max(90);
const longitude = z.number().finite().min(-180).max(180);
export const coordinatesSchema = z.object({ lat: latitude, lng: longitude });
export const placeSchema = z.object({ lat: latitude, lng: longitude, address: z.string().trim().min(1).max(500) });
export const idSchema = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, 'letters, digits and . _ : @ - only');
export const rideTypeSchema = z.enum(RIDE_TYPES);

/**
 * Parses untrusted input. A failure is a 400 whose code is stable (VALIDATION_ERROR) and whose
 * message and details name every bad field, e.g. `pickup.lat`.
 */
export const parse = <Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  where: 'body' | 'params' | 'query' | 'headers' = 'body',
): z.infer<Schema> => {
  // A missing body is an empty object, so the error names each missing field.
  const result = schema.safeParse(input === undefined && where === 'body' ? {} : input);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({ field: issue.path.join('.') || where, problem: issue.message }));
  const names = fields.map((f) => f.field).join(', ');
  throw new HttpError(400, 'VALIDATION_ERROR', `Invalid ${where}: ${names}`, { fields });
};
