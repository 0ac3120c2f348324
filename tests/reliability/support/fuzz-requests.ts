import fc from 'fast-check';

/** Ids and tokens of things that exist, so that some fuzzed requests get past validation. */
export type Fixtures = {
  driverId: string;
  passengerId: string;
  callId: string;
  tokens: { passenger: string; driver: string; operator: string; otherPassenger: string };
};

export type FuzzRequest = { method: 'GET' | 'POST' | 'PUT'; path: string; body?: string; headers: Record<string, string>; label: string };

type BodyShape =
  'none' | 'driverRegistration' | 'online' | 'location' | 'callRequest' | 'driverRef' | 'cancel' | 'tariff' | 'devToken' | 'estimate' | 'rating';
type Endpoint = { method: 'GET' | 'POST' | 'PUT'; route: string; body: BodyShape; query?: boolean; stream?: boolean };

/** Every route of the HTTP contract (and the extras: offers, location, tariffs, tokens, probes). */
export const ENDPOINTS: readonly Endpoint[] = [
  { method: 'POST', route: '/api/drivers', body: 'driverRegistration' },
  { method: 'POST', route: '/api/drivers/:driverId/online', body: 'online' },
  { method: 'POST', route: '/api/drivers/:driverId/offline', body: 'none' },
  { method: 'PUT', route: '/api/drivers/:driverId/location', body: 'location' },
  { method: 'GET', route: '/api/drivers/:driverId/calls', body: 'none', query: true },
  { method: 'GET', route: '/api/drivers/:driverId/offers', body: 'none', stream: true },
  { method: 'POST', route: '/api/calls', body: 'callRequest' },
  { method: 'POST', route: '/api/calls/:callId/accept', body: 'driverRef' },
  { method: 'POST', route: '/api/calls/:callId/decline', body: 'driverRef' },
  { method: 'POST', route: '/api/calls/:callId/cancel', body: 'cancel' },
  { method: 'POST', route: '/api/calls/:callId/operator-cancel', body: 'cancel' },
  { method: 'POST', route: '/api/calls/:callId/start', body: 'driverRef' },
  { method: 'POST', route: '/api/calls/:callId/finish', body: 'driverRef' },
  { method: 'GET', route: '/api/calls/:callId', body: 'none', query: true },
  { method: 'GET', route: '/api/calls/:callId/events', body: 'none', stream: true },
  { method: 'GET', route: '/api/passengers/:passengerId/calls', body: 'none', query: true },
  { method: 'GET', route: '/api/passengers/:passengerId/notifications', body: 'none', query: true },
  { method: 'GET', route: '/api/tariffs', body: 'none' },
  { method: 'PUT', route: '/api/tariffs/:rideType', body: 'tariff' },
  { method: 'POST', route: '/api/fares/estimate', body: 'estimate' },
  { method: 'GET', route: '/api/calls/:callId/receipt', body: 'none' },
  { method: 'POST', route: '/api/calls/:callId/rating', body: 'rating' },
  { method: 'POST', route: '/api/calls/:callId/payment/retry', body: 'none' },
  { method: 'POST', route: '/api/payments/:paymentId/waive', body: 'cancel' },
  { method: 'POST', route: '/api/dev/tokens', body: 'devToken' },
  { method: 'GET', route: '/health/live', body: 'none' },
  { method: 'GET', route: '/health/ready', body: 'none' },
];

const printable = (maxLength: number) => fc.string({ unit: 'grapheme-ascii', maxLength });
const latitude = fc.double({ min: -90, max: 90, noNaN: true });
const longitude = fc.double({ min: -180, max: 180, noNaN: true });
const place = fc.record({ lat: latitude, lng: longitude, address: fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0) });
const rideType = fc.constantFrom('STANDARD', 'DELUXE', 'VAN');

const validBody = (shape: BodyShape, fixtures: Fixtures): fc.Arbitrary<unknown> => {
  switch (shape) {
    case 'none':
      return fc.constant(undefined);
    case 'driverRegistration':
      return fc.record({ name: fc.constantFrom('Kim', 'Lee', 'Park'), vehicleNo: fc.constantFrom('12가3456', 'AB-1234') });
    case 'online':
      return fc.record({ location: fc.record({ lat: latitude, lng: longitude }) });
    case 'location':
      return fc.record({ lat: latitude, lng: longitude });
    case 'callRequest':
      return fc.record(
        { passengerId: fc.constant(fixtures.passengerId), pickup: place, destination: place, rideType },
        { requiredKeys: ['pickup', 'destination'] },
      );
    case 'driverRef':
      return fc.record({ driverId: fc.constant(fixtures.driverId) }, { requiredKeys: [] });
    case 'cancel':
      return fc.record({ reason: fc.string({ maxLength: 50 }) }, { requiredKeys: [] });
    case 'tariff':
      return fc.record(
        { amountPerStartedMinute: fc.integer({ min: 1, max: 5_000 }), minimumMinutes: fc.integer({ min: 1, max: 10 }), currency: fc.constant('KRW') },
        { requiredKeys: ['amountPerStartedMinute'] },
      );
    case 'devToken':
      return fc.record({ role: fc.constantFrom('passenger', 'driver', 'operator'), subject: fc.constantFrom('p-fuzz', 'd-fuzz') });
    case 'estimate':
      return fc.record({ pickup: place, destination: place, rideType }, { requiredKeys: ['pickup', 'destination'] });
    case 'rating':
      return fc.record({ stars: fc.integer({ min: 1, max: 5 }) });
  }
};

/**
 * A body that its route must refuse: one field of a valid body replaced by a value of the wrong
 * type or out of range, or a required field removed. Never merely an extra field (those are ignored).
 */
const invalidBody = (shape: Exclude<BodyShape, 'none'>, fixtures: Fixtures): fc.Arbitrary<unknown> => {
  const wrong = fc.oneof(
    fc.constant(null),
    fc.integer(),
    fc.boolean(),
    fc.constant({}),
    fc.constant([]),
    fc.constant('x'.repeat(600)),
    fc.constant(''),
    fc.constant(' '),
  );
  const wrongId = fc.oneof(wrong, fc.constant('bad id!'), fc.constant('x'.repeat(129)));
  const notACoordinate = [fc.constant('north'), fc.constant(null), fc.constant({}), fc.constant(1e9), fc.constant(-1e9)];
  // Out of range for its own axis only: 91.5 is a valid longitude, -181 a wrong latitude and longitude.
  const wrongLatitude = fc.oneof(...notACoordinate, fc.constant(91.5), fc.constant(-90.5));
  const wrongLongitude = fc.oneof(...notACoordinate, fc.constant(180.5), fc.constant(-181));
  switch (shape) {
    case 'driverRegistration':
      return fc.oneof(
        fc.record({ name: wrong, vehicleNo: fc.constant('12가3456') }),
        fc.record({ name: fc.constant('Kim'), vehicleNo: wrong }),
        fc.constant({ name: 'Kim' }),
        fc.constant({ name: 'Kim', vehicleNo: 'X', rideTypes: ['ROCKET'] }),
      );
    case 'online':
      return fc.oneof(
        fc.constant({}),
        fc.record({ location: fc.record({ lat: wrongLatitude, lng: fc.constant(127) }) }),
        fc.record({ location: wrong }),
      );
    case 'location':
      return fc.oneof(
        fc.constant({}),
        fc.record({ lat: wrongLatitude, lng: fc.constant(127) }),
        fc.record({ lat: fc.constant(37.5), lng: wrongLongitude }),
      );
    case 'callRequest':
      return fc.oneof(
        fc.constant({}),
        fc.record({ passengerId: fc.constant(fixtures.passengerId), pickup: fc.constant({ lat: 37.5, lng: 127, address: 'A' }), destination: wrong }),
        fc.record({
          passengerId: fc.constant(fixtures.passengerId),
          pickup: fc.record({ lat: wrongLatitude, lng: fc.constant(127), address: fc.constant('A') }),
          destination: fc.constant({ lat: 37.5, lng: 127, address: 'B' }),
        }),
        fc.record({
          passengerId: fc.constant(fixtures.passengerId),
          pickup: fc.constant({ lat: 37.5, lng: 127, address: 'A' }),
          destination: fc.constant({ lat: 37.5, lng: 127, address: 'B' }),
          rideType: fc.constantFrom('ROCKET', '', 7),
        }),
      );
    case 'driverRef':
      return fc.record({ driverId: wrongId.filter((value) => value !== null) });
    case 'cancel':
      return fc.record({ reason: fc.oneof(fc.integer(), fc.constant({}), fc.constant('r'.repeat(600))) });
    case 'tariff':
      return fc.oneof(
        fc.constant({}),
        fc.record({ amountPerStartedMinute: fc.oneof(fc.constant(0), fc.constant(-5), fc.constant(1.5), fc.constant('1000'), fc.constant(1e12)) }),
        fc.constant({ amountPerStartedMinute: 1000, currency: 'won' }),
      );
    case 'devToken':
      return fc.oneof(
        fc.constant({}),
        fc.record({ role: fc.constantFrom('admin', '', 'PASSENGER') }),
        fc.constant({ role: 'passenger', subject: 'bad subject!' }),
      );
    case 'estimate':
      return fc.oneof(
        fc.constant({}),
        fc.record({ pickup: fc.record({ lat: wrongLatitude, lng: fc.constant(127) }), destination: fc.constant({ lat: 37.5, lng: 127 }) }),
        fc.constant({ pickup: { lat: 37.5, lng: 127 }, destination: { lat: 37.5, lng: 127 }, rideType: 'ROCKET' }),
      );
    case 'rating':
      return fc.record({ stars: fc.oneof(fc.constant(0), fc.constant(6), fc.constant(2.5), fc.constant('5'), fc.constant(null)) });
  }
};

const pathParam = (existing: string | null) =>
  fc.oneof(
    ...(existing ? [{ arbitrary: fc.constant(existing), weight: 3 }] : []),
    { arbitrary: fc.uuid().map(String), weight: 2 },
    { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).map(encodeURIComponent), weight: 3 },
    {
      arbitrary: fc.constantFrom('%', '%E0%A4%A', '..', '%2F', 'a%00b', 'x'.repeat(200), '%20', 'null', 'undefined', '__proto__', 'constructor'),
      weight: 2,
    },
  );

const authorization = (fixtures: Fixtures) =>
  fc.oneof(
    {
      arbitrary: fc
        .constantFrom(fixtures.tokens.operator, fixtures.tokens.passenger, fixtures.tokens.driver, fixtures.tokens.otherPassenger)
        .map((t) => `Bearer ${t}`),
      weight: 6,
    },
    {
      arbitrary: fc.constantFrom(
        '',
        'Bearer',
        'Bearer x.y.z',
        'Basic dXNlcjpwYXNz',
        `Bearer ${fixtures.tokens.operator}x`,
        `bearer ${fixtures.tokens.driver.split('.').slice(0, 2).join('.')}.AAAA`,
      ),
      weight: 2,
    },
    { arbitrary: printable(200), weight: 1 },
  );

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  '',
);

const query = fc.option(
  fc.record(
    {
      limit: fc.constantFrom('0', '1', '20', '100', '101', '-1', 'abc', '1e3', '2.5', ''),
      offset: fc.constantFrom('0', '5', '-3', '10001', 'x', ''),
      cursor: fc.constantFrom('abc', '', 'WyJ4IiwieSJd', 'WzEsMl0'),
      minPosition: fc.constantFrom('0', '1', '-1', 'head', '1.5', ''),
    },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

const fill = (route: string, params: Record<string, string>) => route.replace(/:(\w+)/g, (_, name: string) => params[name] ?? 'missing');

const withQuery = (path: string, q: Record<string, string> | undefined) =>
  q && Object.keys(q).length > 0
    ? `${path}?${Object.entries(q)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join('&')}`
    : path;

/**
 * Anything a client could send to one of the routes: valid or mutated bodies, JSON of any shape,
 * non-JSON, odd content types, valid, wrong or missing tokens, arbitrary ids in the path,
 * arbitrary Idempotency-Key and X-Request-Id headers, and query strings.
 */
export const anyRequest = (fixtures: Fixtures): fc.Arbitrary<FuzzRequest> =>
  fc.constantFrom(...ENDPOINTS).chain((endpoint) => {
    const existing = (name: string) =>
      endpoint.stream
        ? null
        : ((
            { driverId: fixtures.driverId, callId: fixtures.callId, passengerId: fixtures.passengerId, rideType: 'STANDARD' } as Record<
              string,
              string
            >
          )[name] ?? null);
    const names = [...endpoint.route.matchAll(/:(\w+)/g)].map((m) => m[1]!);
    const params = fc.record(Object.fromEntries(names.map((name) => [name, pathParam(existing(name))])));
    const body: fc.Arbitrary<string | undefined> =
      endpoint.method === 'GET'
        ? fc.constant(undefined)
        : fc.oneof(
            {
              arbitrary: (endpoint.body === 'none' ? fc.constant({}) : validBody(endpoint.body, fixtures)).map((b) => JSON.stringify(b ?? {})),
              weight: 3,
            },
            {
              arbitrary: (endpoint.body === 'none' ? fc.jsonValue() : invalidBody(endpoint.body, fixtures)).map((b) => JSON.stringify(b)),
              weight: 3,
            },
            { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((b) => JSON.stringify(b)), weight: 2 },
            { arbitrary: fc.string({ maxLength: 100 }), weight: 1 },
            { arbitrary: fc.constantFrom('{"passengerId":', '{', 'null', '[]', '"text"', '{"a":1}}', '\u0000', 'x'.repeat(20_000)), weight: 1 },
            { arbitrary: fc.constant(undefined), weight: 1 },
          );
    const headers = fc.record(
      {
        authorization: authorization(fixtures),
        'content-type': contentType,
        'idempotency-key': fc.oneof(printable(40), fc.constant('x'.repeat(300)), fc.constant('has spaces')),
        'x-request-id': printable(150),
        accept: fc.constantFrom('application/json', 'text/event-stream', '*/*', 'text/html'),
      },
      { requiredKeys: ['authorization'] },
    );
    return fc.record({ params, body, headers, q: endpoint.query ? query : fc.constant(undefined) }).map(({ params, body, headers, q }) => ({
      method: endpoint.method,
      path: withQuery(fill(endpoint.route, params), q),
      ...(body === undefined ? {} : { body }),
      headers: Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== undefined)),
      label: `${endpoint.method} ${endpoint.route}`,
    }));
  });

const commandEndpoints = ENDPOINTS.filter((endpoint) => endpoint.method !== 'GET' && endpoint.route !== '/api/dev/tokens');

/**
 * Requests that must be refused, by construction: an invalid body, a body that is not JSON or is
 * too large, an id the route cannot accept, a bad Idempotency-Key, no or a forged token, the wrong
 * role, or a call or driver that does not exist. None of them may change the event log.
 */
export const invalidRequest = (fixtures: Fixtures): fc.Arbitrary<FuzzRequest> =>
  fc.constantFrom(...commandEndpoints).chain((endpoint) => {
    const params = (override: Partial<Record<string, string>> = {}) =>
      fill(endpoint.route, {
        driverId: fixtures.driverId,
        callId: fixtures.callId,
        passengerId: fixtures.passengerId,
        rideType: 'STANDARD',
        ...override,
      });
    const operator = { authorization: `Bearer ${fixtures.tokens.operator}`, 'content-type': 'application/json' };
    const asOwner =
      endpoint.route.includes('/accept') ||
      endpoint.route.includes('/start') ||
      endpoint.route.includes('/finish') ||
      endpoint.route.includes('/decline') ||
      endpoint.route.includes(':driverId')
        ? { authorization: `Bearer ${fixtures.tokens.driver}`, 'content-type': 'application/json' }
        : endpoint.route === '/api/calls' || endpoint.route.endsWith('/cancel')
          ? { authorization: `Bearer ${fixtures.tokens.passenger}`, 'content-type': 'application/json' }
          : operator;
    const valid = endpoint.body === 'none' ? fc.constant('{}') : validBody(endpoint.body, fixtures).map((b) => JSON.stringify(b ?? {}));
    const label = (kind: string) => `${kind}: ${endpoint.method} ${endpoint.route}`;
    const variants: Array<fc.Arbitrary<FuzzRequest>> = [
      fc
        .constantFrom('{"passengerId":', '{', '{"a":1}}', "{'a':1}", 'undefined', '\u0000')
        .map((body) => ({ method: endpoint.method, path: params(), body, headers: asOwner, label: label('non-JSON body') })),
      valid.map((body) => ({
        method: endpoint.method,
        path: params(),
        body: body.replace(/}$/, `,"pad":"${'x'.repeat(20_000)}"}`),
        headers: asOwner,
        label: label('oversized body'),
      })),
      valid.map((body) => ({
        method: endpoint.method,
        path: params(),
        body,
        headers: { 'content-type': 'application/json' },
        label: label('no token'),
      })),
      fc.constantFrom('Bearer x.y.z', 'Basic dXNlcjpwYXNz', `Bearer ${fixtures.tokens.operator.slice(0, -4)}AAAA`).chain((authorization) =>
        valid.map((body) => ({
          method: endpoint.method,
          path: params(),
          body,
          headers: { authorization, 'content-type': 'application/json' },
          label: label('forged token'),
        })),
      ),
    ];
    if (endpoint.body !== 'none') {
      variants.push(
        invalidBody(endpoint.body, fixtures).map((b) => ({
          method: endpoint.method,
          path: params(),
          body: JSON.stringify(b),
          headers: asOwner,
          label: label('invalid body'),
        })),
      );
    }
    if (endpoint.route.includes(':')) {
      const bad = fc.constantFrom('bad id!', 'x'.repeat(200), '%E0%A4%A', 'a%20b', '%2F%2F');
      variants.push(
        bad.chain((id) =>
          valid.map((body) => ({
            method: endpoint.method,
            path: params({ callId: id, driverId: id, rideType: id }),
            body,
            headers: endpoint.route.includes('tariffs') ? operator : asOwner,
            label: label('invalid id'),
          })),
        ),
      );
    }
    if (endpoint.route.includes(':callId')) {
      variants.push(
        fc.uuid().chain((id) =>
          valid.map((body) => ({
            method: endpoint.method,
            path: params({ callId: `missing-${id}` }),
            body,
            headers: asOwner,
            label: label('unknown call'),
          })),
        ),
      );
    }
    if (endpoint.route === '/api/calls') {
      variants.push(
        fc.constantFrom('has spaces', 'x'.repeat(300), 'tab\there').chain((key) =>
          valid.map((body) => ({
            method: endpoint.method,
            path: params(),
            body,
            headers: { ...asOwner, 'idempotency-key': key },
            label: label('bad Idempotency-Key'),
          })),
        ),
        valid.map((body) => ({
          method: endpoint.method,
          path: params(),
          body,
          headers: { authorization: `Bearer ${fixtures.tokens.driver}`, 'content-type': 'application/json' },
          label: label('wrong role'),
        })),
      );
    }
    if (endpoint.route.includes('/accept') || endpoint.route.includes('/start') || endpoint.route.includes('/finish')) {
      variants.push(
        valid.map((body) => ({
          method: endpoint.method,
          path: params(),
          body,
          headers: { authorization: `Bearer ${fixtures.tokens.passenger}`, 'content-type': 'application/json' },
          label: label('wrong role'),
        })),
      );
    }
    if (endpoint.route.includes('tariffs')) {
      variants.push(
        valid.map((body) => ({
          method: endpoint.method,
          path: params(),
          body,
          headers: { authorization: `Bearer ${fixtures.tokens.passenger}`, 'content-type': 'application/json' },
          label: label('wrong role'),
        })),
      );
    }
    return fc.oneof(...variants);
  });
