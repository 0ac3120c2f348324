import { setTimeout as sleep } from 'node:timers/promises';

/** The demo's HTTP: JSON in and out, a bearer token, and the answer's status kept for the tally. */
export type Answer<T> = { status: number; body: T; code: string | null; retryAfterMs: number | null };

/** Status 0: no answer at all (timeout, refused connection); the server was too busy or gone. */
export const NO_ANSWER = 0;

/** The server asking to slow down or not answering: the same request may be sent again later. */
export const isTransient = (answer: Answer<unknown>) => [NO_ANSWER, 408, 429, 502, 503, 504].includes(answer.status);

export class DemoHttp {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {}

  async send<T>(method: string, path: string, token: string | null, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Answer<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await res.text();
      const parsed: unknown = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text || null;
      const code = (parsed as { error?: { code?: string } } | null)?.error?.code ?? null;
      const retryAfter = Number(res.headers.get('retry-after'));
      return { status: res.status, body: parsed as T, code, retryAfterMs: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null };
    } catch (error) {
      // A timeout or a refused connection is an answer too: the caller decides whether to try again.
      const code = error instanceof Error ? error.name : 'UNREACHABLE';
      return { status: NO_ANSWER, body: null as T, code, retryAfterMs: null };
    }
  }

  /**
   * Sends until the answer is not transient, waiting as the server asks (Retry-After) or backing
   * off; gives up after `attempts` and returns the last answer. `onRetry` counts the slow-downs.
   */
  async patiently<T>(
    method: string,
    path: string,
    token: string | null,
    body: unknown,
    options: { attempts?: number; signal?: AbortSignal; onRetry?: (answer: Answer<T>) => void; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const attempts = options.attempts ?? 8;
    for (let attempt = 1; ; attempt += 1) {
      const answer = await this.send<T>(method, path, token, body, options.headers);
      if (!isTransient(answer) || attempt >= attempts || options.signal?.aborted) return answer;
      options.onRetry?.(answer);
      const backoff = Math.min(10_000, 250 * 2 ** attempt) * (0.5 + Math.random());
      await sleep(Math.min(answer.retryAfterMs ?? backoff, 10_000), undefined, options.signal ? { signal: options.signal } : {}).catch(
        () => undefined,
      );
    }
  }

  /** The server's per-address limit as its `RateLimit-Policy` header states it (IETF draft 8), or null when off. */
  async rateLimitPolicy() {
    const res = await fetch(`${this.baseUrl}/api/dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'passenger', subject: 'demo-rate-limit-probe' }),
    }).catch(() => null);
    const policy = res?.headers.get('ratelimit-policy');
    const [quota, window] = [/q=(\d+)/.exec(policy ?? '')?.[1], /w=(\d+)/.exec(policy ?? '')?.[1]];
    return quota && window ? `${quota} commands per ${window} s` : null;
  }

  async token(role: 'passenger' | 'driver' | 'operator', subject: string) {
    const answer = await this.patiently<{ token: string }>('POST', '/api/dev/tokens', null, { role, subject });
    if (answer.status === NO_ANSWER)
      throw new Error(`POST /api/dev/tokens got no answer (${answer.code ?? 'timeout'}): the server is overloaded or gone`);
    if (answer.status !== 201) throw new Error(`POST /api/dev/tokens answered ${answer.status} ${answer.code ?? ''}: the demo needs AUTH_MODE=dev`);
    return answer.body.token;
  }
}

type Page<T> = { items: T[]; nextCursor: string | null };

/** Every item of a paged list (`{ items, nextCursor }`), 100 at a time. */
export const everyPage = async <T>(http: DemoHttp, token: string, path: string): Promise<T[]> => {
  const items: T[] = [];
  for (let cursor: string | null = null; ;) {
    const page = `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer: Answer<Page<T>> = await http.patiently<Page<T>>('GET', page, token, undefined);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status} ${answer.code ?? ''}`);
    items.push(...answer.body.items);
    if (!answer.body.nextCursor) return items;
    cursor = answer.body.nextCursor;
  }
};
