import { useState } from 'react';
import { api } from '../../api/client.js';
import { Problem, Section } from '../../components/Section.js';
import { usePolling } from '../../components/usePolling.js';
import { formatMoney, formatSeconds, formatTime, paymentLabel, readModelLabel, t } from '../../i18n.js';

/** What became of an operator's action on one row: done (with the new status) or refused (with why). */
type Outcome = { ok: true; text: string } | { ok: false; text: string };
const outcomeOf = (error: unknown): Outcome => ({ ok: false, text: error instanceof Error ? error.message : String(error) });

/** Payments pending or failed; retry charges now and says what came of it. */
export const PaymentsPanel = () => {
  const payments = usePolling(() => api.paymentsNeedingAttention(), 10_000);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const retry = (paymentId: string) => {
    setBusy(paymentId);
    api
      .retryPayment(paymentId)
      .then((answer) => ({ ok: true as const, text: `${t('retried')}: ${paymentLabel(answer.status)}` }), outcomeOf)
      .then((outcome) => setOutcomes((all) => ({ ...all, [paymentId]: outcome })))
      .finally(() => {
        setBusy(null);
        void payments.reload();
      });
  };
  return (
    <Section title={t('paymentsAttention')} id="payments">
      <Problem error={payments.error} />
      {payments.value?.length === 0 && <p className="muted">{t('nothingYet')}</p>}
      <ul className="list">
        {payments.value?.map((payment) => (
          <li key={payment.paymentId}>
            {formatMoney(payment.amount.amount, payment.amount.currency)} · <strong>{paymentLabel(payment.status)}</strong> · {payment.attempts}×{' '}
            {payment.lastReason ?? ''}
            <br />
            <small>
              {t('callId')} {payment.callId}
            </small>
            <button type="button" disabled={busy === payment.paymentId} onClick={() => retry(payment.paymentId)}>
              {t('retry')}
            </button>
            {outcomes[payment.paymentId] && (
              <span role="status" className={outcomes[payment.paymentId]!.ok ? 'done' : 'error'} data-testid="payment-outcome">
                {outcomes[payment.paymentId]!.text}
              </span>
            )}
          </li>
        ))}
      </ul>
    </Section>
  );
};

/** Notifications the messaging channel never took; replay offers them again. */
export const DeadLettersPanel = () => {
  const letters = usePolling(() => api.deadLetters(), 5_000);
  return (
    <Section title={t('deadLetters')} id="dead-letters">
      <Problem error={letters.error} />
      {letters.value?.length === 0 && <p className="muted">{t('nothingYet')}</p>}
      <ul className="list">
        {letters.value?.map((letter) => (
          <li key={letter.id}>
            <time>{formatTime(letter.lastFailedAt)}</time> {letter.notification.kind} {letter.reason}
            <button type="button" onClick={() => void api.replayDeadLetter(letter.id).finally(() => void letters.reload())}>
              {t('replay')}
            </button>
          </li>
        ))}
      </ul>
    </Section>
  );
};

/** How far each read model is behind the log (from the metrics endpoint). */
export const LagPanel = () => {
  const lag = usePolling(() => api.projectionLag(), 5_000);
  return (
    <Section title={t('readModelLag')} id="lag">
      <Problem error={lag.error} />
      <ul className="list">
        {lag.value?.map((entry) => (
          <li key={entry.name} className={entry.behind > 0 ? 'warn' : ''}>
            {readModelLabel(entry.name)}: <strong>{entry.behind}</strong> {t('eventsBehind')} · <strong>{formatSeconds(entry.seconds)}</strong>{' '}
            {t('secondsBehind')}
          </li>
        ))}
      </ul>
    </Section>
  );
};
