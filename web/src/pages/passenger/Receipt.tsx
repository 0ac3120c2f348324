import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { FareBreakdown, Receipt } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { formatDistance, formatMinutes, formatMoney, paymentLabel, t } from '../../i18n.js';

/** The lines of a fare as the meter made it, the ones that are not zero. */
export const BreakdownLines = ({ breakdown }: { breakdown: FareBreakdown }) => {
  const money = (amount: number) => formatMoney(amount, breakdown.currency);
  const lines: [string, number][] = [
    [t('baseFare'), breakdown.baseFare],
    [t('distanceCharge'), breakdown.distanceCharge],
    [t('timeCharge'), breakdown.timeCharge + breakdown.slowTimeCharge],
    ...breakdown.surcharges.map((surcharge): [string, number] => [t('nightSurcharge'), surcharge.amount]),
    [t('minimumTopUp'), breakdown.minimumTopUp],
    [t('rounding'), breakdown.rounding],
  ];
  return (
    <dl className="facts breakdown" data-testid="breakdown">
      {lines
        .filter(([, amount]) => amount !== 0)
        .map(([label, amount], index) => (
          <div key={index} className="line">
            <dt>{label}</dt>
            <dd>{money(amount)}</dd>
          </div>
        ))}
      <div className="line total">
        <dt>{t('fare')}</dt>
        <dd>{money(breakdown.total)}</dd>
      </div>
    </dl>
  );
};

const Rating = ({ callId, rated, onRated }: { callId: string; rated: number | null; onRated: (stars: number) => void }) => {
  const [error, setError] = useState<unknown>(null);
  if (rated) return <p data-testid="rating-done">{t('thanksForRating').replace('{stars}', '★'.repeat(rated))}</p>;
  return (
    <fieldset className="rating" data-testid="rating">
      <legend>{t('rateRide')}</legend>
      {[1, 2, 3, 4, 5].map((stars) => (
        <button
          key={stars}
          type="button"
          aria-label={t('starsLabel').replace('{stars}', String(stars))}
          onClick={() => api.rate(callId, stars).then(() => onRated(stars), setError)}
        >
          {'★'.repeat(stars)}
        </button>
      ))}
      <Problem error={error} />
    </fieldset>
  );
};

/** After the ride: what it cost and why (the meter's breakdown), the payment, and a rating. */
export const ReceiptSection = ({ callId, paymentStatus }: { callId: string; paymentStatus: string | null }) => {
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [rated, setRated] = useState<number | null>(null);
  useEffect(() => {
    api.receipt(callId).then(setReceipt, setError);
  }, [callId, paymentStatus]);
  return (
    <Section title={t('receipt')} id="receipt">
      <Problem error={error} />
      {receipt && (
        <>
          <p data-testid="receipt-route">
            {receipt.pickup.address} → {receipt.destination.address}
          </p>
          <p className="muted" data-testid="receipt-trip">
            {formatDistance(receipt.distanceMeters)} · {receipt.durationSeconds === null ? '–' : formatMinutes(receipt.durationSeconds)}
          </p>
          {receipt.breakdown ? (
            <BreakdownLines breakdown={receipt.breakdown} />
          ) : (
            receipt.fare && <p>{formatMoney(receipt.fare.amount, receipt.fare.currency)}</p>
          )}
          {receipt.payment && (
            <p data-testid="receipt-payment" data-status={receipt.payment.status}>
              {t('payment')}: {paymentLabel(receipt.payment.status)}
            </p>
          )}
          <Rating callId={callId} rated={rated ?? receipt.rating?.stars ?? null} onRated={setRated} />
        </>
      )}
    </Section>
  );
};
