/** The demo's HTTP: JSON in and out, a bearer token, and the answer's status kept for the tally. */
export type Answer<T> = { status: number; body: T; code: string | null };

export class DemoHttp {
  constructor(readonly baseUrl: string) {}

  async send<T>(method: string, path: string, token: string | null, body?: unknown): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    const code = (parsed as { error?: { code?: string } } | null)?.error?.code ?? null;
    return { status: res.status, body: parsed as T, code };
  }

  async token(role: 'passenger' | 'driver' | 'operator', subject: string) {
    const answer = await this.send<{ token: string }>('POST', '/api/dev/tokens', null, { role, subject });
    if (answer.status !== 201) throw new Error(`POST /api/dev/tokens answered ${answer.status} ${answer.code ?? ''}: the demo needs AUTH_MODE=dev`);
    return answer.body.token;
  }
}
