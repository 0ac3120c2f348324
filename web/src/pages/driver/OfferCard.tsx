import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { CallEntry, FareEstimate, LatLng, Offer, Place } from '../../api/types.js';
import { located, rideTypeOf } from '../../api/types.js';
import { formatDistance, formatMinutes, formatMoney, rideTypeLabel, t } from '../../i18n.js';
import { metersBetween } from '../../map/gazetteer.js';

/** A taxi in Seoul's traffic: the driver's time to the pickup is read at this speed, like the server's ETA. */
const CITY_SPEED_M_PER_S = 20_000 / 3600;

/**
 * Seconds left to take an offer. Never more than the offer's own length: the browser's clock may
 * run ahead of or behind the server's, and a 15 s offer must not count down from 16.
 */
export const secondsLeft = (offer: Pick<Offer, 'offeredAt' | 'expiresAt'>, now: number) => {
  const length = Math.round((Date.parse(offer.expiresAt) - Date.parse(offer.offeredAt)) / 1000);
  return Math.max(0, Math.min(length, Math.ceil((Date.parse(offer.expiresAt) - now) / 1000)));
};

/** What the offer is for: the call (a driver holding an offer may read it) and its estimated fare. */
const useOfferDetails = (callId: string) => {
  const [call, setCall] = useState<CallEntry | null>(null);
  const [estimate, setEstimate] = useState<FareEstimate | null>(null);
  useEffect(() => {
    let live = true;
    api
      .call(callId)
      .then(async (entry) => {
        if (!live) return;
        setCall(entry);
        const pickup = located(entry.pickup);
        const destination = located(entry.destination);
        if (pickup && destination) {
          const rideType = rideTypeOf(entry.rideType);
          const quoted = rideType ? await api.estimateFare(pickup, destination, rideType) : null;
          if (live) setEstimate(quoted);
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [callId]);
  return { call, estimate };
};

type Props = {
  offer: Offer;
  now: number;
  position: LatLng;
  onAccept: (callId: string, pickup: Place, destination: Place) => void;
  onDecline: () => void;
};

/** One offer as a driver decides on it: where from and to, how far to the pickup, what it pays, how long to decide. */
export const OfferCard = ({ offer, now, position, onAccept, onDecline }: Props) => {
  const { call, estimate } = useOfferDetails(offer.callId);
  const pickup = (call && located(call.pickup)) ?? offer.pickup ?? null;
  const destination = (call && located(call.destination)) ?? offer.destination ?? null;
  const toPickup = pickup ? metersBetween(position, pickup) : null;
  const rideType = call?.rideType ?? offer.rideType;
  return (
    <li className="offer card" data-testid="offer">
      <div className="route">
        <strong data-testid="offer-pickup">{pickup?.address ?? '…'}</strong> →{' '}
        <span data-testid="offer-destination">{destination?.address ?? '…'}</span>
      </div>
      <dl className="facts compact">
        <dt>{t('toPickup')}</dt>
        <dd data-testid="offer-to-pickup">
          {toPickup === null ? '–' : `${formatDistance(toPickup)} · ${formatMinutes(toPickup / CITY_SPEED_M_PER_S)}`}
        </dd>
        {rideType && (
          <>
            <dt>{t('rideType')}</dt>
            <dd data-testid="offer-ride-type">{rideTypeLabel(rideType)}</dd>
          </>
        )}
        <dt>{t('estimate')}</dt>
        <dd data-testid="offer-fare">{estimate ? formatMoney(estimate.amount, estimate.currency) : '–'}</dd>
      </dl>
      <span className="countdown" aria-live="off" data-testid="offer-countdown">
        {secondsLeft(offer, now)}
        {t('secondsLeft')}
      </span>
      <button
        type="button"
        className="primary"
        disabled={!pickup || !destination}
        onClick={() => pickup && destination && onAccept(offer.callId, pickup, destination)}
      >
        {t('accept')}
      </button>
      <button type="button" onClick={onDecline}>
        {t('decline')}
      </button>
    </li>
  );
};
