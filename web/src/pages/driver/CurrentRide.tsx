import type { FinishResult, LatLng, Place } from '../../api/types.js';
import { Section } from '../../components/Section.js';
import { formatMoney, paymentLabel, statusLabel, t } from '../../i18n.js';

export type Ride = { callId: string; pickup: Place; destination: Place; status: 'DISPATCHED' | 'DRIVING' | 'FINISHED'; result: FinishResult | null };

type Props = {
  ride: Ride;
  cancelled: boolean;
  driving: boolean;
  onDrive: (to: LatLng) => void;
  onStart: () => void;
  onFinish: () => void;
  onDone: () => void;
};

/** The ride the driver accepted: drive to the pickup, start, drive to the destination, finish. */
export const CurrentRide = ({ ride, cancelled, driving, onDrive, onStart, onFinish, onDone }: Props) => (
  <Section title={t('currentCall')} id="current-ride">
    <dl className="facts">
      <dt>{t('status')}</dt>
      <dd data-testid="driver-ride-status" data-status={ride.status}>
        {statusLabel(ride.status)}
      </dd>
      <dt>{t('pickup')}</dt>
      <dd>{ride.pickup.address}</dd>
      <dt>{t('destination')}</dt>
      <dd>{ride.destination.address}</dd>
      {ride.result && (
        <>
          <dt>{t('fare')}</dt>
          <dd data-testid="driver-fare">{formatMoney(ride.result.fare.amount, ride.result.fare.currency)}</dd>
          <dt>{t('payment')}</dt>
          <dd>{paymentLabel(ride.result.payment.status)}</dd>
        </>
      )}
    </dl>
    {cancelled && (
      <p className="warn" role="alert">
        {t('rideCancelled')}
      </p>
    )}
    <div className="actions">
      {cancelled && (
        <button type="button" onClick={onDone}>
          {t('close')}
        </button>
      )}
      {ride.status === 'DISPATCHED' && !cancelled && (
        <>
          <button type="button" disabled={driving} onClick={() => onDrive(ride.pickup)}>
            {t('driveToPickup')}
          </button>
          <button type="button" className="primary" onClick={onStart}>
            {t('startRide')}
          </button>
        </>
      )}
      {ride.status === 'DRIVING' && (
        <>
          <button type="button" disabled={driving} onClick={() => onDrive(ride.destination)}>
            {t('driveToDestination')}
          </button>
          <button type="button" className="primary" onClick={onFinish}>
            {t('finishRide')}
          </button>
        </>
      )}
      {ride.status === 'FINISHED' && (
        <button type="button" onClick={onDone}>
          {t('close')}
        </button>
      )}
    </div>
  </Section>
);
