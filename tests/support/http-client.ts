export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

/** A small JSON client over fetch for black-box style tests. */
export const apiClient = (baseUrl: string, defaultHeaders: Record<string, string> = {}) => {
  const request = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...defaultHeaders, ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  return {
    request,
    get: <T = any>(path: string, headers?: Record<string, string>) => request<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, body, headers),
  };
};

export type ApiClient = ReturnType<typeof apiClient>;

export const seoul = {
  station: { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' },
  gangnam: { lat: 37.4979, lng: 127.0276, address: 'Gangnam Station' },
  cityHall: { lat: 37.5663, lng: 126.9779, address: 'Seoul City Hall' },
};

/** Registers a driver and puts them online at a location. */
export const onlineDriver = async (api: ApiClient, name: string, location = { lat: seoul.station.lat, lng: seoul.station.lng }) => {
  const { body } = await api.post('/api/drivers', { name, vehicleNo: `${name.slice(0, 4)}-1234` });
  await api.post(`/api/drivers/${body.driverId}/online`, { location });
  return body.driverId as string;
};

export const requestRide = async (api: ApiClient, passengerId: string, headers?: Record<string, string>) => {
  const { body } = await api.post('/api/calls', { passengerId, pickup: seoul.station, destination: seoul.gangnam }, headers);
  return body.callId as string;
};
