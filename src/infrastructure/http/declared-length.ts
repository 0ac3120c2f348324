import type { RequestHandler } from 'express';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 * 1024 };

/** `16kb` → 16384; the configuration only lets `<digits>(b|kb|mb)` through. */
export const bytesOf = (limit: string): number => {
  const match = /^(\d+)(b|kb|mb)$/.exec(limit);
  if (!match) throw new Error(`Not a body limit: ${limit}`);
  return Number(match[1]) * UNITS[match[2]!]!;
};

/**
 * Refuses a request whose declared Content-Length exceeds the body limit as soon as its headers
 * arrive. The JSON parser refuses it too, but only after draining the whole declared body (to
 * keep the connection reusable), which lets a client hold a socket for as long as it trickles.
 * Node discards whatever body still arrives after the answer; HTTP_REQUEST_TIMEOUT_MS bounds how
 * long. Closing at once instead would reset the socket under a client still sending, which then
 * never reads the 413.
 */
export const refuseDeclaredLengthAbove = (limit: string): RequestHandler => {
  const maxBytes = bytesOf(limit);
  return (req, res, next) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!(declared > maxBytes)) return next();
    res
      .status(413)
      .json({ error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body exceeds ${maxBytes} bytes`, details: { limit: maxBytes, declared } } });
  };
};
