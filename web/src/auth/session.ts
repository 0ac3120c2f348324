import { api, setToken } from '../api/client.js';
import type { ConsoleConfig, Role } from '../api/types.js';

export type Session = { token: string; role: Role; id: string };

const KEY = 'taxi-console-session';
const ROLES: readonly Role[] = ['passenger', 'driver', 'operator'];

/** Kept per tab, so one browser can be a passenger in one tab and a driver in another. */
export const restoreSession = (): Session | null => {
  const stored = sessionStorage.getItem(KEY);
  const session = stored ? (JSON.parse(stored) as Session) : null;
  setToken(session?.token ?? null);
  return session;
};

const keep = (session: Session) => {
  sessionStorage.setItem(KEY, JSON.stringify(session));
  setToken(session.token);
  return session;
};

export const signOut = () => {
  sessionStorage.removeItem(KEY);
  setToken(null);
};

/** AUTH_MODE=dev: the server mints a token for the role and id picked. */
export const devSignIn = async (role: Role, id: string) => {
  const minted = await api.mintDevToken(role, id);
  return keep({ token: minted.token, role: minted.role, id: minted.subject });
};

/** Loaded only in AUTH_MODE=jwks: the development sign-in never needs the OIDC client. */
const manager = async (config: ConsoleConfig) => {
  if (!config.oidc) throw new Error('OIDC is not configured (OIDC_CLIENT_ID)');
  const { UserManager } = await import('oidc-client-ts');
  return new UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    scope: config.oidc.scope,
    redirect_uri: `${location.origin}/signin-callback`,
    response_type: 'code',
  });
};

/** AUTH_MODE=jwks: authorization code + PKCE at the identity provider. */
export const oidcSignIn = async (config: ConsoleConfig) => (await manager(config)).signinRedirect();

/** The role and id the API will read from the token: `role` (or the first of `roles`) and `sub`. */
const claimsOf = (token: string) => {
  const payload = token.split('.')[1] ?? '';
  const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string; role?: string; roles?: string[] };
  const role = (claims.role ?? claims.roles?.[0]) as Role | undefined;
  if (!role || !ROLES.includes(role) || !claims.sub) throw new Error('The token carries no known role or subject');
  return { role, id: claims.sub };
};

export const completeOidcSignIn = async (config: ConsoleConfig) => {
  const user = await (await manager(config)).signinRedirectCallback();
  return keep({ token: user.access_token, ...claimsOf(user.access_token) });
};
