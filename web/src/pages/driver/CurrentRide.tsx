import type { FinishResult, LatLng, Place } from '../../api/types.js';
import { Section } from '../../components/Section.js';
import { useState } from 'react';
import { type MessageKey, formatMoney, formatTime, paymentLabel, statusLabel, t } from '../../i18n.js';

export type Ride = {
  callId: string;
  pickup: Place;
  destination: Place;
  status: 'DISPATCHED' | 'DRIVING' | 'FINISHED';
  /** When the driver said they were at the pickup; the passenger was told. */
  arrivedAt?: string | null;
  result: FinishResult | null;
};

/** Why a driver gives a call back, as the centre reads it in the call's history. */
const RELEASE_REASONS = ['releaseCarTrouble', 'releaseTooFar', 'releaseNoPassenger'] as const;

/** Give the call back, with a reason: the call goes to another taxi and the passenger is told. */
const ReleaseForm = ({ onRelease }: { onRelease: (reason: string) => void }) => {
  const [reason, setReason] = useState<string>(RELEASE_REASONS[0]);
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        onRelease(t(reason as MessageKey));
      }}
    >
      <label>
        {t('releaseReason')}
        <select value={reason} onChange={(event) => setReason(event.target.value)}>
          {RELEASE_REASONS.map((key) => (
            <option key={key} value={key}>
              {t(key)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">{t('releaseCall')}</button>
    </form>
  );
};

type Props = {
  ride: Ride;
  cancelled: boolean;
  driving: boolean;
  onDrive: (to: LatLng) => void;
  onArrive: () => void;
  onRelease: (reason: string) => void;
  onStart: () => void;
  onFinish: () => void;
  onDone: () => void;
};

/** The ride the driver accepted: drive to the pickup, start, drive to the destination, finish. */
export const CurrentRide = ({ ride, cancelled, driving, onDrive, onArrive, onRelease, onStart, onFinish, onDone }: Props) => (
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
      {ride.arrivedAt && (
        <>
          <dt>{t('arrived')}</dt>
          <dd data-testid="driver-arrived">{formatTime(ride.arrivedAt)}</dd>
        </>
      )}
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
          {!ride.arrivedAt && (
            <button type="button" disabled={driving} onClick={onArrive}>
              {t('arriveAtPickup')}
            </button>
          )}
          <button type="button" className="primary" onClick={onStart}>
            {t('startRide')}
          </button>
          <ReleaseForm onRelease={onRelease} />
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
