import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { paths } from './schema.js';
/** The statuses a call can show, for a client that lists or filters them. */
export { CALL_STATUSES, type CallStatus } from '../src/domain/call/call-status.js';

/**
 * A typed client of the taxi dispatch API: paths, bodies and answers are checked by the compiler
 * against the OpenAPI document. `token` is a bearer token (or a function giving the current one).
 *
 *   const taxi = createTaxiClient('http://127.0.0.1:3000', token);
 *   const { data, error } = await taxi.POST('/api/calls', { body: { pickup, destination } });
 */
export const createTaxiClient = (baseUrl: string, token?: string | (() => string | Promise<string>)) => {
  const client = createClient<paths>({ baseUrl });
  if (token !== undefined) {
    const bearer: Middleware = {
      async onRequest({ request }) {
        request.headers.set('Authorization', `Bearer ${typeof token === 'function' ? await token() : token}`);
        return request;
      },
    };
    client.use(bearer);
  }
  return client;
};

export type TaxiClient = ReturnType<typeof createTaxiClient>;
