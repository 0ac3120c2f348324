import { useEffect, useState } from 'react';
import { watchOffers } from '../../api/client.js';
import type { Offer } from '../../api/types.js';

/** The offers pending for the driver while online, from the offers stream, and a clock for their countdowns. */
export const useOffers = (driverId: string, online: boolean) => {
  const [offers, setOffers] = useState<Offer[]>([]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!online) return;
    const stop = watchOffers(driverId, {
      offer: (offer) => setOffers((list) => [...list.filter((o) => o.callId !== offer.callId), offer]),
      closed: (closed) => setOffers((list) => list.filter((o) => o.callId !== closed.callId)),
    });
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    // Going offline (or another driver signing in) ends these offers: they are cleared on the way out.
    return () => {
      stop();
      clearInterval(tick);
      setOffers([]);
    };
  }, [online, driverId]);
  const drop = (callId?: string) => setOffers((list) => (callId ? list.filter((o) => o.callId !== callId) : []));
  return { offers, now, drop };
};
