import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { describeApi } from '../../src/infrastructure/http/openapi/api.js';
import { openApiDocument } from '../../src/infrastructure/http/openapi/document.js';

type Json = Record<string, unknown>;
type Operation = { responses: Record<string, { content?: Record<string, { schema?: Json }> }> };
type Spec = { paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, Json> } };

/** An answer the spec does not describe: the route, its status or its body drifted. */
export class SpecDriftError extends Error {
  override readonly name = 'SpecDriftError';
}

const inline = (value: unknown, components: Record<string, Json>): unknown => {
  if (Array.isArray(value)) return value.map((item) => inline(item, components));
  if (value === null || typeof value !== 'object') return value;
  const ref = (value as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) return components[ref.slice('#/components/schemas/'.length)];
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inline(item, components)]));
};

/**
 * The answers any path may give before routing decides it is no route: no token, no such route,
 * wrong method, and what the body parser and rate limits say first (bad JSON, too large, not JSON).
 */
const GENERIC_STATUSES = new Set([400, 401, 404, 405, 413, 415, 429]);

/**
 * Checks HTTP answers against an OpenAPI document: the path and method must be documented, the
 * status too, and a JSON body must match its schema (JSON Schema 2020-12, as OpenAPI 3.1 says).
 */
export const specChecker = (spec: Spec) => {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const compiled = new Map<string, ValidateFunction>();
  const routes = Object.entries(spec.paths).map(([path, operations]) => ({
    pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    path,
    operations,
  }));

  const validatorFor = (key: string, schema: Json) => {
    if (!compiled.has(key)) compiled.set(key, ajv.compile(inline(schema, spec.components.schemas) as Json));
    return compiled.get(key)!;
  };

  /** `bodyRead: false` when the caller did not read the body (a stream it closed at once). */
  /** One Server-Sent Event against the `x-events` its route documents. */
  const checkEvent = (url: string, event: string, data: unknown) => {
    const path = new URL(url, 'http://x').pathname;
    const route = routes.find(({ pattern }) => pattern.test(path));
    const ok = (route?.operations.get as { responses?: Record<string, { 'x-events'?: Record<string, Json> }> } | undefined)?.responses?.['200'];
    const schema = ok?.['x-events']?.[event];
    const label = `GET ${path} event: ${event}`;
    if (!schema) return fail(label, 'this event is not in the spec');
    const validate = validatorFor(`${route!.path} event ${event}`, schema);
    if (!validate(data)) return fail(label, `data does not match the spec: ${ajv.errorsText(validate.errors)}`);
    return undefined;
  };

  const checkAnswer = (answer: { method: string; url: string; status: number; contentType: string | null; body: unknown; bodyRead?: boolean }) => {
    const path = new URL(answer.url, 'http://x').pathname;
    const route = routes.find(({ pattern }) => pattern.test(path));
    const operation = route?.operations[answer.method.toLowerCase()] as Operation | undefined;
    const label = `${answer.method} ${path} → ${answer.status}`;
    if (!route || !operation) {
      if (GENERIC_STATUSES.has(answer.status))
        return answer.bodyRead === false || validatorFor('generic', spec.components.schemas.ErrorBody!)(answer.body)
          ? undefined
          : fail(label, 'not the error body');
      return fail(label, 'this route is not in the spec');
    }
    const response = operation.responses[String(answer.status)];
    if (!response) return fail(label, `status ${answer.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
    const type = answer.contentType?.split(';')[0]?.trim() ?? '';
    const media = response.content?.[type];
    if (response.content && !media) return fail(label, `content type ${type || '(none)'} is not documented`);
    if (!media?.schema || type !== 'application/json' || answer.bodyRead === false) return undefined;
    const validate = validatorFor(`${route.path} ${answer.method} ${answer.status}`, media.schema);
    if (!validate(answer.body))
      return fail(label, `body does not match the spec: ${ajv.errorsText(validate.errors)}\n${String(JSON.stringify(answer.body)).slice(0, 500)}`);
    return undefined;
  };
  return Object.assign(checkAnswer, { event: checkEvent });
};

const fail = (label: string, problem: string): never => {
  throw new SpecDriftError(`${label}: ${problem}`);
};

/** The spec of a development app (what the end-to-end suite starts). */
export const checkAgainstSpec = specChecker(openApiDocument(describeApi({ devTokens: true }), 'test'));
