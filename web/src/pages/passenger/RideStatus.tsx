import type { CallEntry, FareEstimate, LatLng } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { formatMinutes, formatMoney, formatTime, offeredToText, paymentLabel, statusLabel, t } from '../../i18n.js';

/** Where the assigned taxi was last seen and its ETA to pickup (absent before a driver accepts). */
export const taxiOf = (call: CallEntry): { at: LatLng; etaSeconds: number | null } | null =>
  call.taxi ? { at: call.taxi.location, etaSeconds: call.taxi.etaSeconds } : null;

/** The passenger's current (or last) ride: status live, taxi and ETA, then fare and payment. */
/** A taxi in Seoul's traffic, for the time still to drive. */
const CITY_SPEED_M_PER_S = 20_000 / 3600;

type Props = {
  call: CallEntry;
  onCancel: () => void;
  error: unknown;
  /** While driving: metres left to the destination and what the road so far costs. */
  toDestination?: number | null;
  fareSoFar?: FareEstimate | null;
  /** While looking for a taxi: the drivers offered the call so far. */
  offeredTo?: number;
};

export const RideStatus = ({ call, onCancel, error, toDestination, fareSoFar, offeredTo = 0 }: Props) => {
  const taxi = taxiOf(call);
  const cancellable = call.status === 'REQUESTED' || call.status === 'DISPATCHED';
  return (
    <Section title={t('currentCall')} id="ride">
      <dl className="facts">
        <dt>{t('status')}</dt>
        <dd data-testid="ride-status" data-status={call.status} data-arrived={call.arrivedAt ? 'yes' : undefined} aria-live="polite">
          {call.status === 'DISPATCHED' && call.arrivedAt ? t('taxiArrived') : statusLabel(call.status)}
        </dd>
        {call.status === 'REQUESTED' && offeredTo > 0 && (
          <>
            <dt>{t('searching')}</dt>
            <dd data-testid="ride-search" data-offered-to={offeredTo}>
              {offeredToText(offeredTo)}
            </dd>
          </>
        )}
        <dt>{t('pickup')}</dt>
        <dd>{call.pickup?.address}</dd>
        <dt>{t('destination')}</dt>
        <dd>{call.destination?.address}</dd>
        {call.driver && (
          <>
            <dt>{t('vehicle')}</dt>
            <dd data-testid="ride-taxi">
              {call.driver.name} · {call.driver.vehicleNo}
            </dd>
          </>
        )}
        {call.status === 'DISPATCHED' && taxi?.etaSeconds !== null && taxi?.etaSeconds !== undefined && (
          <>
            <dt>{t('eta')}</dt>
            <dd data-testid="ride-eta">{formatMinutes(taxi.etaSeconds)}</dd>
          </>
        )}
        {call.status === 'DRIVING' && toDestination !== null && toDestination !== undefined && (
          <>
            <dt>{t('etaDestination')}</dt>
            <dd data-testid="ride-eta-destination">{formatMinutes(toDestination / CITY_SPEED_M_PER_S)}</dd>
          </>
        )}
        {call.status === 'DRIVING' && fareSoFar && (
          <>
            <dt>{t('fareSoFar')}</dt>
            <dd data-testid="ride-fare-so-far">{formatMoney(fareSoFar.amount, fareSoFar.currency)}</dd>
          </>
        )}
        <dt>{t('requestedAt')}</dt>
        <dd>{formatTime(call.requestedAt)}</dd>
        {call.fare && (
          <>
            <dt>{t('fare')}</dt>
            <dd data-testid="ride-fare">{formatMoney(call.fare.amount, call.fare.currency)}</dd>
          </>
        )}
        {call.paymentStatus && (
          <>
            <dt>{t('payment')}</dt>
            <dd data-testid="ride-payment" data-status={call.paymentStatus}>
              {paymentLabel(call.paymentStatus)}
            </dd>
          </>
        )}
      </dl>
      {cancellable && (
        <button type="button" onClick={onCancel}>
          {t('cancelRide')}
        </button>
      )}
      <Problem error={error} />
    </Section>
  );
};
