import type { Request, RequestHandler, Response } from 'express';
import { DomainError } from '../../domain/shared/domain-error.js';
import { type AuthenticatedActor, type CallerRole, InvalidTokenError, type TokenVerifier } from '../auth/token-verifier.js';
import type { StreamTickets } from '../auth/stream-tickets.js';
import { HttpError } from './errors.js';

const JWT = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * A browser's EventSource cannot send an Authorization header, so a live stream — a GET that asks
 * for `text/event-stream` — may carry a single-use `ticket` (POST /api/stream-tickets) or its
 * token as `access_token` (RFC 6750 §2.3) in the query. Nowhere else: a URL ends up in browser
 * histories and proxy logs (this server's log redacts both; a ticket is spent once used).
 */
const streamQueryParam = (req: Request, name: 'access_token' | 'ticket'): string | undefined => {
  if (req.method !== 'GET' || !req.get('accept')?.includes('text/event-stream')) return undefined;
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
};
const streamQueryToken = (req: Request) => streamQueryParam(req, 'access_token');

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="taxi-dispatch"' };
const unauthorized = (code: string, message: string) => new HttpError(401, code, message, undefined, CHALLENGE);

/** The token a request carries, or the 401 that says why there is none. */
const tokenOf = (req: Request): string => {
  const header = req.get('authorization');
  if (header) {
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token || !JWT.test(token)) throw unauthorized('INVALID_TOKEN', 'The Authorization header must be "Bearer <JWT>"');
    return token;
  }
  const fromQuery = streamQueryToken(req);
  if (fromQuery === undefined) throw unauthorized('UNAUTHENTICATED', 'A bearer token is required');
  if (!JWT.test(fromQuery)) throw unauthorized('INVALID_TOKEN', 'access_token must be a JWT');
  return fromQuery;
};

/** The caller a stream ticket was issued to; null when the request carries no ticket. */
const ticketHolder = (req: Request, tickets: StreamTickets | undefined): AuthenticatedActor | null => {
  const ticket = streamQueryParam(req, 'ticket');
  if (ticket === undefined || !tickets || req.get('authorization')) return null;
  const actor = tickets.redeem(ticket);
  if (!actor) throw unauthorized('INVALID_TICKET', 'The stream ticket is unknown, expired or already used');
  return actor;
};

/** Verifies the bearer token (or stream ticket) of every /api request and keeps the caller for the handlers. */
export const authenticate =
  (verifier: TokenVerifier, tickets?: StreamTickets): RequestHandler =>
  async (req, res, next) => {
    const holder = ticketHolder(req, tickets);
    if (holder) {
      res.locals.actor = holder;
      next();
      return;
    }
    const token = tokenOf(req);
    try {
      res.locals.actor = await verifier.verify(token);
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      throw unauthorized('INVALID_TOKEN', `The token was refused: ${error.reason}`);
    }
    next();
  };

export const actorOf = (res: Response): AuthenticatedActor => {
  const actor = res.locals.actor as AuthenticatedActor | undefined;
  if (!actor) throw new Error('authenticate() must run before the route handlers');
  return actor;
};

const forbidden = (message: string) => new HttpError(403, 'FORBIDDEN', message);

/** The caller, if their role is one of these; 403 otherwise. */
export const requireRole = (res: Response, ...roles: CallerRole[]): AuthenticatedActor => {
  const actor = actorOf(res);
  if (!roles.includes(actor.role)) throw forbidden(`This action is for: ${roles.join(', ')}`);
  return actor;
};

/**
 * Acting as oneself: a passenger or driver id in the body is optional and, when present, must be
 * the token's subject. An operator may act on anyone's behalf but must say whom.
 */
export const actingAs = (res: Response, role: 'passenger' | 'driver', claimed: string | undefined, allowOperator = false): string => {
  const actor = allowOperator ? requireRole(res, role, 'operator') : requireRole(res, role);
  if (actor.role === 'operator') {
    if (!claimed)
      throw new HttpError(400, 'VALIDATION_ERROR', `An operator must name the ${role}Id`, { fields: [{ field: `${role}Id`, problem: 'Required' }] });
    return claimed;
  }
  if (claimed !== undefined && claimed !== actor.id) throw forbidden(`You can only act as ${role} ${actor.id}`);
  return actor.id;
};

/** Resources under /passengers/:id or /drivers/:id: their owner and operators only. */
export const requireSelfOrOperator = (res: Response, role: 'passenger' | 'driver', id: string): AuthenticatedActor => {
  const actor = requireRole(res, role, 'operator');
  if (actor.role !== 'operator' && actor.id !== id) throw forbidden(`This belongs to another ${role}`);
  return actor;
};

/**
 * Another passenger's call answers exactly like a missing one (404, not 403), so call ids cannot
 * be probed. Drivers see calls through their call list and offers only.
 */
export const requireCallReader = (res: Response, call: { callId: string; passengerId: string }): void => {
  const actor = requireRole(res, 'passenger', 'operator');
  if (actor.role === 'passenger' && actor.id !== call.passengerId) {
    throw new DomainError('CALL_NOT_FOUND', `Call ${call.callId} does not exist`, { callId: call.callId });
  }
};
