import { z } from 'zod';
import { CALL_STATUSES } from '../../../domain/call/call-status.js';

/** Response pieces several routes share. Responses are described, not parsed: plain shapes. */
export const coordinatesOut = z.object({ lat: z.number(), lng: z.number() });
export const placeOut = z.object({ lat: z.number(), lng: z.number(), address: z.string() });
/** A place a read model keeps about a person: once they are erased, null coordinates and the address "[erased]". */
export const erasablePlaceOut = z.object({ lat: z.number().nullable(), lng: z.number().nullable(), address: z.string() });
export const moneyOut = z.object({ amount: z.number().int(), currency: z.string() });
export const callStatusOut = z.enum(CALL_STATUSES);
/** Every status a payment can have: VOIDED when its ride is cancelled unpaid, WAIVED by an operator. */
export const PAYMENT_STATUSES = ['PENDING', 'APPROVED', 'FAILED', 'REFUNDED', 'VOIDED', 'WAIVED'] as const;
export const paymentStatusOut = z.enum(PAYMENT_STATUSES);
/** Where a command's event landed: a query with `minPosition` of it reads its own write. */
export const writeResult = { revision: z.number().int(), position: z.number().int() };
