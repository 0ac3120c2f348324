import { type AuthenticatedActor, CALLER_ROLES, type CallerRole, InvalidTokenError } from './token-verifier.js';

/**
 * How an identity provider says who a caller is: `claim` is a dotted path to a string or an array
 * of strings (`realm_access.roles`); `map` renames provider roles (`taxi-driver` → `driver`), and
 * a role mapped to '' is ignored (`offline_access`). Names not in the map count only when they are
 * already passenger, driver or operator.
 */
export type RoleClaims = { claim?: string; map?: Readonly<Record<string, CallerRole | ''>> };

/** With several roles the most capable wins: an operator who also drives is an operator. */
const PRECEDENCE: readonly CallerRole[] = ['operator', 'driver', 'passenger'];

const at = (claims: Record<string, unknown>, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((value, key) => (value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), claims);

const namesAt = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

const isCallerRole = (name: string): name is CallerRole => CALLER_ROLES.some((role) => role === name);

export const actorFromRoleClaims = (claims: Record<string, unknown>, { claim, map = {} }: RoleClaims): AuthenticatedActor => {
  const names = claim ? namesAt(at(claims, claim)) : [...namesAt(claims.role), ...namesAt(claims.roles)];
  const roles = new Set(names.map((name) => (name in map ? map[name]! : name)).filter(isCallerRole));
  const role = PRECEDENCE.find((candidate) => roles.has(candidate));
  if (!role) throw new InvalidTokenError(`token carries no known role in ${claim ?? 'role/roles'} (${CALLER_ROLES.join(', ')})`);
  if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 128) throw new InvalidTokenError('token carries no subject');
  return { role, id: claims.sub };
};
