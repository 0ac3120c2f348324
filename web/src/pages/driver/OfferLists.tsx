import type { Offer, OpenCall, Place } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { formatDistance, t } from '../../i18n.js';

type Accept = (callId: string, pickup: Place, destination: Place) => void;

/** Calls offered to this driver by auto-dispatch, each with the seconds left to take it. */
export const OffersSection = ({
  offers,
  now,
  onAccept,
  onDecline,
}: {
  offers: Offer[];
  now: number;
  onAccept: Accept;
  onDecline: (callId: string) => void;
}) => (
  <Section title={t('offers')} id="offers">
    {offers.length === 0 && <p className="muted">{t('nothingYet')}</p>}
    <ul className="list">
      {offers.map((offer) => (
        <li key={offer.offerId} className="offer" data-testid="offer">
          <span>
            {offer.pickup?.address ?? offer.callId} → {offer.destination?.address ?? ''}
          </span>
          <span className="countdown" aria-live="off">
            {Math.max(0, Math.ceil((Date.parse(offer.expiresAt) - now) / 1000))}
            {t('secondsLeft')}
          </span>
          <button
            type="button"
            className="primary"
            onClick={() => offer.pickup && offer.destination && onAccept(offer.callId, offer.pickup, offer.destination)}
          >
            {t('accept')}
          </button>
          <button type="button" onClick={() => onDecline(offer.callId)}>
            {t('decline')}
          </button>
        </li>
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
            {call.pickup.address} → {call.destination.address} · {call.rideType} · {formatDistance(call.distanceMeters)} {t('away')}
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
