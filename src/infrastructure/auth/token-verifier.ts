import type { Actor } from '../../domain/shared/actor.js';

/** The roles a bearer token may carry; `system` is never given to a caller. */
export const CALLER_ROLES = ['passenger', 'driver', 'operator'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];
export type AuthenticatedActor = Actor & { role: CallerRole };

/** Why a token was refused, as the 401 answer's code. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface TokenVerifier {
  /** The caller a token speaks for, or InvalidTokenError (expired, wrong key, issuer or audience). */
  verify(token: string): Promise<AuthenticatedActor>;
}

/** Reads the caller from verified claims: `sub` is the id, `role` (or the first of `roles`) the role. */
export const actorFromClaims = (claims: Record<string, unknown>): AuthenticatedActor => {
  const role =
    typeof claims.role === 'string' ? claims.role : Array.isArray(claims.roles) ? claims.roles.find((r) => typeof r === 'string') : undefined;
  if (!CALLER_ROLES.includes(role as CallerRole)) throw new InvalidTokenError(`token carries no known role (${CALLER_ROLES.join(', ')})`);
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 128) throw new InvalidTokenError('token carries no subject');
  return { role: role as CallerRole, id: claims.sub };
};
