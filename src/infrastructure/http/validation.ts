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

/** A number as a URL writes it: plain decimal. `z.coerce.number()` alone reads '' as 0 and 0x10 as 16. */
const DECIMAL = /^-?\d+(\.\d+)?$/;

const unwrapped = (schema: z.ZodType): z.ZodType =>
  schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable
    ? unwrapped(schema.unwrap() as z.ZodType)
    : schema;

/** The numeric fields of a query or path whose text is not plain decimal. */
const nonDecimalNumbers = (schema: z.ZodType, input: unknown): Array<{ field: string; problem: string }> => {
  if (!(schema instanceof z.ZodObject) || typeof input !== 'object' || input === null) return [];
  const values = input as Record<string, unknown>;
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([field, fieldSchema]) => unwrapped(fieldSchema) instanceof z.ZodNumber && typeof values[field] === 'string')
    .filter(([field]) => !DECIMAL.test(values[field] as string))
    .map(([field]) => ({ field, problem: 'Expected a decimal number' }));
};

/**
 * Parses untrusted input. A failure is a 400 whose code is stable (VALIDATION_ERROR) and whose
 * message and details name every bad field, e.g. `pickup.lat`. Numbers in a query or a path must
 * be written in plain decimal: an empty `lat=` is not 0, nor `limit=0x10` 16.
 */
export const parse = <Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
  where: 'body' | 'params' | 'query' | 'headers' = 'body',
): z.infer<Schema> => {
  // A missing body is an empty object, so the error names each missing field.
  const result = schema.safeParse(input === undefined && where === 'body' ? {} : input);
  const malformed = where === 'query' || where === 'params' ? nonDecimalNumbers(schema, input) : [];
  if (result.success && malformed.length === 0) return result.data;
  const issues = result.success ? [] : result.error.issues.map((issue) => ({ field: issue.path.join('.') || where, problem: issue.message }));
  const fields = [...malformed, ...issues.filter((issue) => !malformed.some((bad) => bad.field === issue.field))];
  const names = fields.map((f) => f.field).join(', ');
  throw new HttpError(400, 'VALIDATION_ERROR', `Invalid ${where}: ${names}`, { fields });
};
