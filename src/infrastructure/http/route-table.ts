import type { Express } from 'express';

export type ServedRoute = { method: string; path: string };

type Layer = { route?: { path: unknown; methods: Record<string, boolean> }; handle?: { stack?: Layer[] }; rawPath?: unknown };

const joined = (prefix: string, path: string) => (prefix + (path === '/' ? '' : path)).replace(/\/+/g, '/') || '/';

// Express's types omit what the router keeps (`route.methods`, `rawPath`): the layer is read as data.
const walk = (stack: readonly unknown[], prefix: string): ServedRoute[] =>
  stack.flatMap((entry) => {
    const layer = entry as Layer;
    if (layer.route && typeof layer.route.path === 'string') {
      const path = joined(prefix, layer.route.path);
      return Object.keys(layer.route.methods)
        .filter((method) => method !== '_all')
        .map((method) => ({ method, path }));
    }
    const nested = layer.handle?.stack;
    if (!nested) return [];
    const mount = typeof layer.rawPath === 'string' ? layer.rawPath : '';
    return walk(nested, joined(prefix, mount));
  });

/** Every (method, path) the app routes, read from express's router: what is served, not what is said. */
export const servedRoutes = (app: Express): ServedRoute[] => {
  const seen = new Set<string>();
  return walk(app.router.stack, '').filter(({ method, path }) => !seen.has(`${method} ${path}`) && seen.add(`${method} ${path}`));
};

/** A route path as a regular expression: `:name` matches one segment. */
export const pathPattern = (path: string) =>
  new RegExp(
    `^${path
      .split('/')
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('/')}/?$`,
  );
