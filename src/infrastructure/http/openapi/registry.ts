import { type z } from 'zod';
import type { ApiErrorCode } from '../errors.js';
import type { ReadModel } from '../reads-from.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One answer a route may give: a JSON body, a Server-Sent Events stream, or nothing. */
export type ResponseDoc = {
  description: string;
  schema?: z.ZodType;
  /** `text/event-stream`: `schema` then describes one event's `data` (see `events`). */
  contentType?: 'application/json' | 'text/event-stream' | 'text/html' | 'text/plain';
  example?: unknown;
  headers?: Record<string, string>;
};

/**
 * A route as the spec shows it. `path` is written as express writes it (`/api/calls/:callId`), so
 * a route's entry reads like its handler. `errors` are the stable codes the route can answer,
 * by status; the common ones (bad input, no token, overload) are added by `security` and `body`.
 */
export type RouteDoc = {
  method: HttpMethod;
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** `bearer`: any signed-in caller (roles in `description`, checked by the declaration's `roles` or its handler); `public`: no token. */
  security: 'bearer' | 'public';
  request?: { params?: z.ZodObject; query?: z.ZodObject; headers?: z.ZodObject; body?: z.ZodType; bodyExample?: unknown };
  responses: Record<number, ResponseDoc>;
  errors?: Partial<Record<number, readonly ApiErrorCode[]>>;
  /** The read models it answers from: it waits for them (see `waitForReadModels`) and says so in a header. */
  readsFrom?: readonly ReadModel[];
  /** An answer from a read model behind the log would be wrong, not stale: 503 READ_MODEL_BEHIND instead. */
  staleIsWrong?: boolean;
  /** For SSE routes: the event names the stream sends, each with its data schema. */
  events?: Record<string, z.ZodType>;
};

/**
 * The one list of documented routes: the declarations of every feature (`describeApi`). The OpenAPI
 * document, the typed client and the response checks of the end-to-end suite all read this list.
 */
export class ApiRegistry {
  private readonly entries: RouteDoc[] = [];

  add(...routes: readonly RouteDoc[]): this {
    for (const route of routes) {
      if (this.find(route.method, route.path)) throw new Error(`${route.method.toUpperCase()} ${route.path} is documented twice`);
      this.entries.push(route);
    }
    return this;
  }

  find(method: string, path: string): RouteDoc | undefined {
    return this.entries.find((route) => route.method === method.toLowerCase() && route.path === path);
  }

  get routes(): readonly RouteDoc[] {
    return this.entries;
  }
}

/** `/api/calls/:callId` → `/api/calls/{callId}`. */
export const openApiPath = (expressPath: string) => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
