import type { Request, RequestHandler, Router } from 'express';

/** What the router keeps of a layer and its route, read as data (express's types omit them). */
type Layer = { route?: { _handlesMethod: (method: string) => boolean }; match: (path: string) => unknown };

/**
 * Whether `router` may have something to do with this request: one of its routes takes the
 * method and the path (the router's own matcher decides, so case and decoding rules are its own),
 * or it has middleware that is not a route. A path it cannot decode is its to refuse.
 */
const mayServe = (router: Router, method: string, path: string): boolean =>
  router.stack.some((entry: object) => {
    const layer = entry as Layer;
    if (!layer.route) return true;
    if (!layer.route._handlesMethod(method)) return false;
    try {
      return Boolean(layer.match(path));
    } catch {
      return true;
    }
  });

/** HEAD and OPTIONS are answered by the router itself from every route it has: those walk them all. */
const walksAll = (req: Request) => req.method === 'HEAD' || req.method === 'OPTIONS';

/**
 * The API's routers mounted as one: a request is handed, in their order, only to the routers
 * that may serve it, instead of to each of them in turn. Express's router costs its walk through
 * a router even when nothing in it matches (its bookkeeping, then every route's matcher); with
 * fifteen routers under /api that walk was 8 % of a command's CPU in a profile. What a request
 * meets is unchanged: the same routers in the same order, with the same matchers.
 * `stack` exposes the routers as express's layers do, so the route table still reads them.
 */
export const oneApiRouter = (routers: readonly Router[]): RequestHandler & { stack: Array<{ handle: Router }> } => {
  const handler: RequestHandler = (req, res, next) => {
    const serving = walksAll(req) ? routers : routers.filter((router) => mayServe(router, req.method, req.path));
    let index = 0;
    const onward = (error?: unknown): void => {
      // A router hands an error on; every later one is plain middleware, which express skips then.
      if (error) return next(error);
      const router = serving[index++];
      if (!router) return next();
      router(req, res, onward);
    };
    onward();
  };
  return Object.assign(handler, { stack: routers.map((router) => ({ handle: router })) });
};
