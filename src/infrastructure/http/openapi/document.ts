import { z } from 'zod';
import { type ApiRegistry, type ResponseDoc, type RouteDoc, openApiPath } from './registry.js';

type JsonSchema = Record<string, unknown>;

/** The error body every failure answers with. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('A stable code, e.g. CALL_ALREADY_DISPATCHED'),
    message: z.string(),
    details: z.unknown().optional(),
    requestId: z.string().optional().describe('On 5xx answers: the X-Request-Id to quote to support'),
  }),
});

/**
 * The request side is shown as zod accepts it (`io: input`: defaults make a field optional, unknown
 * fields are ignored), and so is the response side: a client must tolerate fields added later.
 */
const jsonSchemaOf = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

const COMMON_ERRORS: Record<number, string[]> = { 500: ['INTERNAL_ERROR'], 503: ['STORE_UNAVAILABLE', 'STORE_BUSY', 'READ_MODEL_BEHIND'] };

/** The codes a route can answer: its own, plus those every route of its kind shares. */
export const errorCodesOf = (route: RouteDoc): Record<number, string[]> => {
  const codes: Record<number, Set<string>> = {};
  const add = (status: number, list: readonly string[]) => list.forEach((code) => (codes[status] ??= new Set()).add(code));
  const request = route.request ?? {};
  if (request.params || request.query || request.headers) add(400, ['VALIDATION_ERROR']);
  if (request.query && 'minPosition' in request.query.shape) add(400, ['POSITION_AHEAD_OF_LOG']);
  // Every command is read as JSON, even one that expects no body: whatever body comes is parsed.
  if (request.body || (route.method !== 'get' && route.path.startsWith('/api/'))) {
    add(400, ['VALIDATION_ERROR', 'INVALID_JSON']);
    add(413, ['PAYLOAD_TOO_LARGE']);
    add(415, ['UNSUPPORTED_MEDIA_TYPE', 'BAD_REQUEST']);
  }
  if (route.method !== 'get') add(409, ['CONCURRENT_MODIFICATION']);
  if (route.path.startsWith('/api/')) add(429, ['RATE_LIMITED']);
  if (route.security === 'bearer') {
    add(401, ['UNAUTHENTICATED', 'INVALID_TOKEN']);
    add(403, ['FORBIDDEN']);
  }
  // A live stream may be opened with a single-use ticket instead of the bearer token.
  if (route.security === 'bearer' && route.events) add(401, ['INVALID_TICKET']);
  for (const [status, list] of Object.entries(route.errors ?? {})) add(Number(status), list ?? []);
  for (const [status, list] of Object.entries(COMMON_ERRORS)) add(Number(status), list);
  return Object.fromEntries(Object.entries(codes).map(([status, set]) => [status, [...set].sort()]));
};

const parametersOf = (where: 'path' | 'query' | 'header', schema: z.ZodObject | undefined) => {
  if (!schema) return [];
  const json = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
};

const eventStreamSchema = (events: Record<string, z.ZodType>) => ({
  type: 'string',
  description: `Server-Sent Events. Each event: \`id:\` the log position, \`event:\` one of ${Object.keys(events).join(', ')}, \`data:\` JSON (see x-events).`,
});

/** Reads that wait (bounded) for their read models say when they answered before those caught up. */
const STALE_HEADER = { 'X-Read-Model-Stale': '"true" when the read model had not caught up in time' };

const responseOf = (route: RouteDoc, status: number, doc: ResponseDoc) => {
  const type = doc.contentType ?? 'application/json';
  const stale = route.readsFrom?.length && !route.staleIsWrong && status < 300 ? STALE_HEADER : {};
  const headers = Object.fromEntries(
    Object.entries({ 'X-Request-Id': 'The request id (echoed or generated)', ...doc.headers, ...stale }).map(([name, description]) => [
      name,
      { description, schema: { type: 'string' } },
    ]),
  );
  if (!doc.schema && type !== 'text/event-stream') return { description: doc.description, headers };
  const schema = type === 'text/event-stream' ? eventStreamSchema(route.events ?? {}) : jsonSchemaOf(doc.schema!);
  const example = doc.example === undefined ? {} : { example: doc.example };
  const events = route.events
    ? { 'x-events': Object.fromEntries(Object.entries(route.events).map(([name, data]) => [name, jsonSchemaOf(data)])) }
    : {};
  return { description: doc.description, headers, content: { [type]: { schema, ...example } }, ...events };
};

const operationOf = (route: RouteDoc) => {
  const responses: Record<string, unknown> = {};
  for (const [status, doc] of Object.entries(route.responses)) responses[status] = responseOf(route, Number(status), doc);
  for (const [status, codes] of Object.entries(errorCodesOf(route))) {
    if (responses[status]) continue;
    const example = { error: { code: codes[0], message: 'What went wrong, in words' } };
    responses[status] = {
      description: `Error codes: ${codes.join(', ')}`,
      headers: { 'X-Request-Id': { schema: { type: 'string' } } },
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' }, example } },
    };
  }
  const body = route.request?.body;
  return {
    operationId: `${route.method}${openApiPath(route.path)
      .replace(/[{}]/g, '')
      .replace(/(^|[/_-])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: route.security === 'bearer' ? [{ bearerAuth: [] }] : [],
    parameters: [
      ...parametersOf('path', route.request?.params),
      ...parametersOf('query', route.request?.query),
      ...parametersOf('header', route.request?.headers),
    ],
    ...(body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: jsonSchemaOf(body), ...(route.request?.bodyExample ? { example: route.request.bodyExample } : {}) },
            },
          },
        }
      : {}),
    responses,
    'x-error-codes': errorCodesOf(route),
  };
};

/** The OpenAPI 3.1 document of every route in the registry, rendered from their zod schemas. */
export const openApiDocument = (registry: ApiRegistry, version: string) => {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of registry.routes) (paths[openApiPath(route.path)] ??= {})[route.method] = operationOf(route);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Taxi dispatch API',
      version,
      description:
        'Call a taxi, dispatch it, drive it, pay for it. Errors answer `{ "error": { "code", "message", "details?" } }`; every answer carries `X-Request-Id`.',
    },
    servers: [{ url: '/' }],
    tags: [...new Set(registry.routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT whose role claim is passenger, driver or operator' },
      },
      schemas: { ErrorBody: jsonSchemaOf(errorBodySchema) },
    },
  };
};

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
