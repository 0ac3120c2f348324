import type { DriverLinkEvents, Offer } from './driver-channel.js';
import type { DemoHttp } from './http.js';

type OfferStream = { isOpen(): boolean; close(): void };

/** One Server-Sent Event: its `event:` name and its `data:` lines joined. */
const parseEvent = (block: string) => {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  return { event, data: data.join('\n') };
};

const deliver = (block: string, events: DriverLinkEvents) => {
  const { event, data } = parseEvent(block);
  if (!data) return;
  if (event === 'offer') events.offer(JSON.parse(data) as Offer);
  else if (event === 'offer-closed') events.offerWithdrawn((JSON.parse(data) as { callId: string }).callId);
};

/**
 * The HTTP fallback's offers: `GET /api/drivers/:id/offers` read as a stream. It ends when the
 * demo closes it or the server goes away; the taxi opens a new link then.
 */
export const followOffers = async (http: DemoHttp, driverId: string, token: string, events: DriverLinkEvents): Promise<OfferStream> => {
  const abort = new AbortController();
  const res = await fetch(`${http.baseUrl}/api/drivers/${encodeURIComponent(driverId)}/offers`, {
    headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) {
    abort.abort();
    throw new Error(`offer stream of ${driverId} answered ${res.status}`);
  }
  let open = true;
  const read = async (body: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        deliver(buffer.slice(0, end), events);
        buffer = buffer.slice(end + 2);
      }
    }
  };
  read(res.body)
    .catch(() => undefined)
    .finally(() => (open = false));
  return { isOpen: () => open, close: () => abort.abort() };
};
