import type { z } from 'zod';
import type { DomainErrorCode } from '../../../domain/shared/domain-error.js';
import type { ResponseDoc } from './registry.js';

/** Pieces the route declarations share. */
export const ok = (description: string, schema: z.ZodType, example?: unknown): ResponseDoc => ({ description, schema, example });
export const station = { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' };
export const gangnam = { lat: 37.4979, lng: 127.0276, address: 'Gangnam Station' };
/** The codes of a command refused for the call's state. */
export const CALL_STATE: readonly DomainErrorCode[] = [
  'CALL_ALREADY_DISPATCHED',
  'CALL_ALREADY_CANCELLED',
  'CALL_EXPIRED',
  'CALL_NOT_DISPATCHED',
  'RIDE_ALREADY_STARTED',
  'RIDE_NOT_STARTED',
  'RIDE_ALREADY_FINISHED',
];
export const events: ResponseDoc = { description: 'A Server-Sent Events stream', contentType: 'text/event-stream' };
