import type { RequestHandler } from 'express';

type Nested = { stack: unknown[] };
const isNested = (handler: RequestHandler): handler is RequestHandler & Nested => 'stack' in handler && Array.isArray(handler.stack);

const isPromise = (value: unknown): value is Promise<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Middleware run in order as one express layer. Each layer of express's router costs its
 * bookkeeping, and one mounted under a path (`/api`) also rewrites `req.url` and has it parsed
 * again on the way in and out: the app's twenty layers were 9 % of a command's CPU in a profile.
 * A chain does what the router did between plain middleware and no more: `next()` goes on,
 * `next(error)` leaves the chain with it (the error handlers are after it), a thrown error or a
 * rejected promise is an error passed on, `next('route')` goes on. Routers in the chain stay
 * visible to the route table through `stack`, as express's layers show them.
 */
export const chain = (handlers: readonly RequestHandler[]): RequestHandler & Nested => {
  const handler: RequestHandler = (req, res, next) => {
    let index = 0;
    const onward = (error?: unknown): void => {
      if (error && error !== 'route') return next(error);
      const current = handlers[index++];
      if (!current) return next();
      try {
        const result: unknown = current(req, res, onward);
        if (isPromise(result)) result.then(undefined, (rejected: unknown) => onward(rejected ?? new Error('Rejected promise')));
      } catch (thrown) {
        onward(thrown);
      }
    };
    onward();
  };
  return Object.assign(handler, { stack: handlers.filter(isNested).map((nested) => ({ handle: nested })) });
};
