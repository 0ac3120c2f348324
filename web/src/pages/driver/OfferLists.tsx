import type { LatLng, Offer, OpenCall, Place } from '../../api/types.js';
import { OfferCard } from './OfferCard.js';
import { Problem, Section } from '../../components/Section.js';
import { formatDistance, rideTypeLabel, t } from '../../i18n.js';

type Accept = (callId: string, pickup: Place, destination: Place) => void;

/** Calls offered to this driver by auto-dispatch, each with the seconds left to take it. */
export const OffersSection = ({
  offers,
  now,
  position,
  onAccept,
  onDecline,
}: {
  offers: Offer[];
  now: number;
  position: LatLng;
  onAccept: Accept;
  onDecline: (callId: string) => void;
}) => (
  <Section title={t('offers')} id="offers">
    {offers.length === 0 && <p className="muted">{t('nothingYet')}</p>}
    <ul className="list">
      {offers.map((offer) => (
        <OfferCard key={offer.offerId} offer={offer} now={now} position={position} onAccept={onAccept} onDecline={() => onDecline(offer.callId)} />
      ))}
    </ul>
  </Section>
);

/** The open calls, nearest first, any of which the driver may take. */
export const CallListSection = ({ calls, error, onAccept }: { calls: OpenCall[] | null; error: unknown; onAccept: Accept }) => (
  <Section title={t('callList')} id="call-list">
    <Problem error={error} />
    {calls?.length ? (
      <ul className="list">
        {calls.map((call) => (
          <li key={call.callId} data-testid="open-call">
            {call.pickup.address} → {call.destination.address} · {rideTypeLabel(call.rideType)} · {formatDistance(call.distanceMeters)} {t('away')}
            <button type="button" onClick={() => onAccept(call.callId, call.pickup, call.destination)}>
              {t('accept')}
            </button>
          </li>
        ))}
      </ul>
    ) : (
      <p className="muted">{t('nothingYet')}</p>
    )}
  </Section>
);
