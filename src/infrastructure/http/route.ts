import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import type { CallerRole } from '../auth/token-verifier.js';
import { requireRole } from './authorization.js';
import type { RouteDoc } from './openapi/registry.js';
import { type ReadWaits, waitForReadModels } from './reads-from.js';
import { parse } from './validation.js';

type RequestSchemas = NonNullable<RouteDoc['request']>;
type Parsed<R, K extends keyof RequestSchemas> = R extends { [key in K]: infer S extends z.ZodType } ? z.infer<S> : undefined;

/** A route's input, parsed by its declared schemas (`undefined` where it declares none). */
export type RouteInput<R> = { params: Parsed<R, 'params'>; query: Parsed<R, 'query'>; headers: Parsed<R, 'headers'>; body: Parsed<R, 'body'> };

/**
 * A route, declared once: its document (path, schemas, answers, error codes) and its handler. The
 * same declaration mounts the handler and writes the route's OpenAPI entry, so they cannot drift.
 */
export type RouteDeclaration<Deps, R extends RequestSchemas = RequestSchemas> = Omit<RouteDoc, 'request' | 'tag' | 'security'> &
  Partial<Pick<RouteDoc, 'tag' | 'security'>> & {
    request?: R;
    /** Checked before any input is read: a caller of another role is told 403 whatever they sent. */
    roles?: readonly CallerRole[];
    /** Middleware run first (a per-subject limit). */
    before?: (deps: Deps) => RequestHandler[];
    /** What it returns is the JSON answer, sent with the first documented status; `undefined`: it answered itself. */
    // Method syntax on purpose: a feature's list holds routes of different inputs (parameters are bivariant).
    handle(input: RouteInput<R>, deps: Deps, http: { req: Request; res: Response }): unknown;
  };

/** Headers are read by the names the schema gives them: `Idempotency-Key`, whatever case was sent. */
const headersOf = (schema: z.ZodObject, req: Request) => Object.fromEntries(Object.keys(schema.shape).map((name) => [name, req.get(name)]));

const minPositionOf = (query: unknown) =>
  typeof query === 'object' && query !== null && 'minPosition' in query && typeof query.minPosition === 'number' ? query.minPosition : undefined;

/**
 * The bytes `res.json` sends (UTF-8 JSON, its Content-Type and Content-Length), written directly:
 * express's `send` then parses the content type it has just set to add the charset again, and
 * looks up freshness for an answer nobody caches — 2 % of a command's CPU in a profile. Answers
 * `send` treats specially (no body, HEAD, a type the handler chose) still go through it.
 */
export const sendJson = (res: Response, status: number, answer: unknown): void => {
  if (status === 204 || status === 304 || res.req.method === 'HEAD' || res.hasHeader('Content-Type')) {
    res.status(status).json(answer);
    return;
  }
  const body = JSON.stringify(answer);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
};

/** The express handler of a declaration: role, input, read models, then the handler with what was parsed. */
const handlerOf =
  <Deps>(declaration: RouteDeclaration<Deps>, deps: Deps, waits: ReadWaits | undefined): RequestHandler =>
  async (req, res) => {
    if (declaration.roles) requireRole(res, ...declaration.roles);
    const request = declaration.request ?? {};
    const input = {
      params: request.params && parse(request.params, req.params, 'params'),
      query: request.query && parse(request.query, req.query, 'query'),
      headers: request.headers && parse(request.headers, headersOf(request.headers, req), 'headers'),
      body: request.body && parse(request.body, req.body),
    } as RouteInput<RequestSchemas>;
    const { readsFrom: models, staleIsWrong } = declaration;
    if (models?.length) await waitForReadModels({ models, minPosition: minPositionOf(input.query), staleIsWrong }, waits!, res);
    const answer = await declaration.handle(input, deps, { req, res });
    if (answer !== undefined) sendJson(res, Number(Object.keys(declaration.responses)[0]), answer);
  };

/** What a feature's routes share: where they are mounted, their tag, who may call them (`/api`: signed-in callers). */
export type FeatureOptions = { base?: string; tag?: string; security?: RouteDoc['security'] };

/**
 * A feature's routes. `route(...)` declares one; `router(deps)` mounts them all (paths under `base`
 * are served relative to it, as `app.use(base, router)` expects); `declarations` feed the document.
 */
export class Routes<Deps = void> {
  private readonly list: Array<RouteDeclaration<Deps> & RouteDoc> = [];
  private readonly base: string;
  private readonly tag: string | undefined;
  private readonly security: RouteDoc['security'];

  constructor({ base = '/api', tag, security }: FeatureOptions = {}) {
    this.base = base;
    this.tag = tag;
    this.security = security ?? (base === '/api' ? 'bearer' : 'public');
  }

  route<const R extends RequestSchemas = Record<never, never>>(declaration: RouteDeclaration<Deps, R>): this {
    if (!declaration.path.startsWith(this.base)) throw new Error(`${declaration.path} is not under ${this.base}`);
    const tag = declaration.tag ?? this.tag;
    if (!tag) throw new Error(`${declaration.path} has no tag`);
    this.list.push({ ...declaration, tag, security: declaration.security ?? this.security });
    return this;
  }

  get declarations(): readonly RouteDoc[] {
    return this.list;
  }

  /** `waits`: required when a route declares `readsFrom`. */
  router(deps: Deps, waits?: ReadWaits): Router {
    const router = Router();
    for (const declaration of this.list) {
      if (declaration.readsFrom?.length && !waits) throw new Error(`${declaration.path} reads from read models: give the router their waits`);
      const path = declaration.path.slice(this.base === '/' ? 0 : this.base.length) || '/';
      router[declaration.method](path, ...(declaration.before?.(deps) ?? []), handlerOf(declaration, deps, waits));
    }
    return router;
  }
}
