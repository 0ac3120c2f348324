import { checkAgainstSpec } from './spec-check.js';

export type AnswerCheck = (answer: Parameters<typeof checkAgainstSpec>[0]) => void;

/** For load generators (the benchmarks): they measure the server, so they skip the spec check. */
export const uncheckedAnswers: AnswerCheck = () => undefined;
export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };
export type Identity = { role: 'passenger' | 'driver' | 'operator'; subject: string };

/**
 * Who the default test client acts as: whoever the request names — the passenger of a call it
 * created, the driver in the body or the path, an operator for operator routes. A test about
 * authorization passes an explicit identity (`as`), a raw token, or `anonymous` instead.
 */
export type ClientAuth = { mode: 'infer' } | { mode: 'as'; identity: Identity } | { mode: 'token'; token: string } | { mode: 'anonymous' };

const inferIdentity = (method: string, path: string, body: any, owners: Map<string, string>): Identity => {
  const route = path.split('?')[0]!;
  const call = /^\/api\/calls\/([^/]+)(?:\/([a-z-]+))?$/.exec(route);
  const driverPath = /^\/api\/drivers\/([^/]+)\//.exec(route);
  const passengerPath = /^\/api\/passengers\/([^/]+)\//.exec(route);
  if (route === '/api/calls' && method === 'POST')
    return body?.passengerId ? { role: 'passenger', subject: body.passengerId } : { role: 'operator', subject: 'ops' };
  if (call && ['accept', 'start', 'finish', 'decline'].includes(call[2] ?? ''))
    return { role: 'driver', subject: body?.driverId ?? 'unknown-driver' };
  if (call && (call[2] === undefined || call[2] === 'cancel' || call[2] === 'events')) {
    const owner = owners.get(call[1]!);
    return owner ? { role: 'passenger', subject: owner } : { role: 'operator', subject: 'ops' };
  }
  if (driverPath) return { role: 'driver', subject: driverPath[1]! };
  if (passengerPath) return { role: 'passenger', subject: passengerPath[1]! };
  return { role: 'operator', subject: 'ops' };
};

/**
 * Every answer is checked against the OpenAPI document (status, content type, JSON body): a route
 * that answers something undocumented fails the test that saw it. `check` is replaceable so the
 * check itself can be tested against a deliberately wrong server.
 */
export const apiClient = (baseUrl: string, auth: ClientAuth = { mode: 'infer' }, checkAnswer: AnswerCheck = checkAgainstSpec) => {
  const tokens = new Map<string, Promise<string>>();
  const owners = new Map<string, string>();

  const tokenFor = (identity: Identity) => {
    const key = `${identity.role}:${identity.subject}`;
    if (!tokens.has(key)) {
      tokens.set(
        key,
        fetch(`${baseUrl}/api/dev/tokens`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ role: identity.role, subject: identity.subject }),
        })
          .then((r) => r.json())
          .then((answer) => (answer as { token: string }).token),
      );
    }
    return tokens.get(key)!;
  };

  const authorization = async (method: string, path: string, body: unknown): Promise<Record<string, string>> => {
    switch (auth.mode) {
      case 'anonymous':
        return {};
      case 'token':
        return { authorization: `Bearer ${auth.token}` };
      case 'as':
        return { authorization: `Bearer ${await tokenFor(auth.identity)}` };
      case 'infer':
        return { authorization: `Bearer ${await tokenFor(inferIdentity(method, path, body, owners))}` };
    }
  };

  const request = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const parsedBody = typeof body === 'string' ? undefined : body;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(await authorization(method, path, parsedBody)),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    const answer: any = text ? JSON.parse(text) : undefined;
    checkAnswer({ method, url: response.url, status: response.status, contentType: response.headers.get('content-type'), body: answer });
    if (method === 'POST' && path === '/api/calls' && answer?.callId) {
      owners.set(answer.callId, (parsedBody as { passengerId?: string })?.passengerId ?? (auth.mode === 'as' ? auth.identity.subject : 'ops'));
    }
    return { status: response.status, body: answer, headers: response.headers };
  };
  return {
    request,
    get: <T = any>(path: string, headers?: Record<string, string>) => request<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, body, headers),
    /** Opens a Server-Sent Events stream and closes it at once: the answer's status is what counts. */
    openStream: async (path: string): Promise<{ status: number }> => {
      const controller = new AbortController();
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { accept: 'text/event-stream', ...(await authorization('GET', path, undefined)) },
        signal: controller.signal,
      });
      controller.abort();
      checkAnswer({
        method: 'GET',
        url: response.url,
        status: response.status,
        contentType: response.headers.get('content-type'),
        body: undefined,
        bodyRead: false,
      });
      return { status: response.status };
    },
    /** The same server, as another caller. */
    as: (identity: Identity) => apiClient(baseUrl, { mode: 'as', identity }, checkAnswer),
    anonymous: () => apiClient(baseUrl, { mode: 'anonymous' }, checkAnswer),
    withToken: (token: string) => apiClient(baseUrl, { mode: 'token', token }, checkAnswer),
  };
};

export type ApiClient = ReturnType<typeof apiClient>;

export const seoul = {
  station: { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' },
  gangnam: { lat: 37.4979, lng: 127.0276, address: 'Gangnam Station' },
  cityHall: { lat: 37.5663, lng: 126.9779, address: 'Seoul City Hall' },
};

/** Registers a driver (as an operator) and puts them online at a location. */
export const onlineDriver = async (api: ApiClient, name: string, location = { lat: seoul.station.lat, lng: seoul.station.lng }) => {
  const { body } = await api.post('/api/drivers', { name, vehicleNo: `${name.slice(0, 4)}-1234` });
  await api.post(`/api/drivers/${body.driverId}/online`, { location });
  return body.driverId as string;
};

export const requestRide = async (api: ApiClient, passengerId: string, headers?: Record<string, string>) => {
  const { body } = await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam }, headers);
  return body.callId as string;
};
