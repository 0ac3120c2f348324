import type { Request } from 'express';
import type { Actor } from '../../domain/shared/actor.js';
import type { Caller } from '../../application/context.js';

/**
 * The request's id as the access log and the `X-Request-Id` answer carry it (request-context.ts:
 * the client's when acceptable, else a fresh one): it causes the events, so a client's trace, the
 * log line and the event's `causationId` name the same request.
 */
export const callerOf = (req: Request, actor: Actor): Caller => ({ actor, requestId: req.id });
