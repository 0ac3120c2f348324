import type { CallEntry, LatLng } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { formatMinutes, formatMoney, formatTime, paymentLabel, statusLabel, t } from '../../i18n.js';

/** Where the assigned taxi was last seen and its ETA to pickup (absent before a driver accepts). */
export const taxiOf = (call: CallEntry): { at: LatLng; etaSeconds: number | null } | null =>
  call.taxi ? { at: call.taxi.location, etaSeconds: call.taxi.etaSeconds } : null;

/** The passenger's current (or last) ride: status live, taxi and ETA, then fare and payment. */
export const RideStatus = ({ call, onCancel, error }: { call: CallEntry; onCancel: () => void; error: unknown }) => {
  const taxi = taxiOf(call);
  const cancellable = call.status === 'REQUESTED' || call.status === 'DISPATCHED';
  return (
    <Section title={t('currentCall')} id="ride">
      <dl className="facts">
        <dt>{t('status')}</dt>
        <dd data-testid="ride-status" data-status={call.status} aria-live="polite">
          {statusLabel(call.status)}
        </dd>
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
