import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { Actor } from '../../domain/shared/actor.js';
import type { Caller } from '../../application/context.js';

/** The request id a client sent (for tracing retries) or a fresh one; it causes the events. */
export const requestIdOf = (req: Request): string => {
  const sent = req.get('x-request-id');
  return sent && /^[\w.:-]{1,128}$/.test(sent) ? sent : randomUUID();
};

export const callerOf = (req: Request, actor: Actor): Caller => ({ actor, requestId: requestIdOf(req) });
