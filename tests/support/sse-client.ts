import { checkAgainstSpec } from './spec-check.js';

export type SseMessage = { id: string | null; event: string; data: any };

/** A token from the development token endpoint, for clients that are not the JSON api client. */
export const devToken = async (baseUrl: string, role: 'passenger' | 'driver' | 'operator', subject: string): Promise<string> => {
  const response = await fetch(`${baseUrl}/api/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, subject }),
  });
  return ((await response.json()) as { token: string }).token;
};

export type SseClient = {
  status: number;
  messages: SseMessage[];
  comments: string[];
  /** Resolves with the messages once `predicate` holds for them; rejects after `timeoutMs`. */
  waitFor: (predicate: (messages: SseMessage[]) => boolean, timeoutMs?: number) => Promise<SseMessage[]>;
  close: () => void;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
};

/** A minimal EventSource over fetch that can send headers (a bearer token, Last-Event-ID). */
export const openSse = async (url: string, headers: Record<string, string> = {}): Promise<SseClient> => {
  const abort = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((waiter) => waiter());
  let buffer = '';
  let drift: Error | undefined;
  const parse = (block: string) => {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) comments.push(line.slice(1).trim());
      else if (line.startsWith('id:')) id = line.slice(3).trim();
      else if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length === 0) return;
    const message = { id, event, data: JSON.parse(data.join('\n')) };
    // An event the spec does not describe fails the test waiting on the stream.
    try {
      checkAgainstSpec.event(url, event, message.data);
    } catch (error) {
      drift ??= error instanceof Error ? error : new Error(String(error));
    }
    messages.push(message);
  };
  const ended = (async () => {
    if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let boundary: number;
        while ((boundary = buffer.indexOf('\n\n')) >= 0) {
          parse(buffer.slice(0, boundary));
          buffer = buffer.slice(boundary + 2);
        }
        notify();
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: response.status,
    messages,
    comments,
    ended,
    close: () => abort.abort(),
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (drift) {
            clearTimeout(timer);
            waiters.delete(check);
            reject(drift);
            return;
          }
          if (!predicate(messages)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `SSE condition not met in ${timeoutMs} ms; got ${JSON.stringify(messages.map((m) => [m.id, m.event, m.data?.status ?? m.data?.offerId]))}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
};
