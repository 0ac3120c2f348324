import type { Request, Response } from 'express';

export type SseOptions = {
  /** A comment line this often keeps proxies and load balancers from closing an idle stream. */
  heartbeatMs: number;
  /** Streams end when the process starts shutting down, so the HTTP server can close. */
  isShuttingDown: () => boolean;
  /** Called as a stream opens; what it returns is called once as the stream ends (the open-streams gauge). */
  opened?: () => () => void;
};

export type SseStream = {
  send: (event: { id?: number; event: string; data: unknown }) => void;
  close: () => void;
  /** Called once, on client disconnect or close(). */
  onClose: (cleanup: () => void) => void;
  readonly closed: boolean;
};

const SHUTDOWN_CHECK_MS = 200;

/** `Last-Event-ID` (sent by EventSource on reconnect) or `?lastEventId=`: a global log position. */
export const lastEventIdOf = (req: Request): number | null => {
  const raw = req.get('last-event-id') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return null;
  const position = Number(raw);
  return Number.isSafeInteger(position) && position >= 0 ? position : null;
};

/**
 * Turns a response into a Server-Sent Events stream: `id:` lines carry the global log position so a
 * reconnecting client resumes exactly after what it saw. Cleans up timers and listeners on disconnect.
 */
export const openSse = (req: Request, res: Response, { heartbeatMs, isShuttingDown, opened }: SseOptions): SseStream => {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    // A stream ends only when it must (shutdown, error); its connection then closes with it, so a
    // graceful stop is not held up by an idle keep-alive socket. Clients reconnect anyway.
    Connection: 'close',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  req.socket.setNoDelay(true);
  res.write('retry: 2000\n\n');

  const cleanups: Array<() => void> = opened ? [opened()] : [];
  let closed = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearInterval(shutdownWatch);
    for (const cleanup of cleanups.splice(0)) cleanup();
  };
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  const shutdownWatch = setInterval(() => isShuttingDown() && stream.close(), SHUTDOWN_CHECK_MS);
  heartbeat.unref();
  shutdownWatch.unref();
  // Not req 'close': for a request without a body it fires as soon as the request was read.
  res.on('close', finish);

  const stream: SseStream = {
    send: ({ id, event, data }) => {
      if (closed) return;
      const lines = [
        ...(id === undefined ? [] : [`id: ${id}`]),
        `event: ${event}`,
        ...JSON.stringify(data)
          .split('\n')
          .map((line) => `data: ${line}`),
      ];
      res.write(`${lines.join('\n')}\n\n`);
    },
    close: () => {
      if (closed) return;
      finish();
      res.end();
    },
    onClose: (cleanup) => {
      if (closed) cleanup();
      else cleanups.push(cleanup);
    },
    get closed() {
      return closed;
    },
  };
  return stream;
};
