import { api } from '../../api/client.js';
import type { PaymentItem } from '../../api/types.js';
import { OutcomeLine, useAction } from '../../components/Outcome.js';
import { Problem, Section } from '../../components/Section.js';
import { usePolling } from '../../components/usePolling.js';
import { formatMoney, formatSeconds, formatTime, paymentLabel, readModelLabel, t } from '../../i18n.js';

/** One payment needing attention: retry charges now and says what came of it. */
const PaymentRow = ({ payment, onChanged }: { payment: PaymentItem; onChanged: () => void }) => {
  const { outcome, busy, run } = useAction();
  return (
    <li>
      {formatMoney(payment.amount.amount, payment.amount.currency)} · <strong>{paymentLabel(payment.status)}</strong> · {payment.attempts}×{' '}
      {payment.lastReason ?? ''}
      <br />
      <small>
        {t('callId')} {payment.callId}
      </small>
      <button
        type="button"
        disabled={busy}
        onClick={() => run(async () => `${t('retried')}: ${paymentLabel((await api.retryPayment(payment.paymentId)).status)}`, onChanged)}
      >
        {t('retry')}
      </button>
      <OutcomeLine outcome={outcome} />
    </li>
  );
};

/** Reloads when the operator's live stream says its list changed (useOperatorFeed). */
type Live = { version: number };

/** Payments pending or failed. */
export const PaymentsPanel = ({ version }: Live) => {
  const payments = usePolling(() => api.paymentsNeedingAttention(), null, true, [version]);
  return (
    <Section title={t('paymentsAttention')} id="payments">
      <Problem error={payments.error} />
      {payments.value?.length === 0 && <p className="muted">{t('nothingYet')}</p>}
      <ul className="list">
        {payments.value?.map((payment) => (
          <PaymentRow key={payment.paymentId} payment={payment} onChanged={() => void payments.reload()} />
        ))}
      </ul>
    </Section>
  );
};

/** Notifications the messaging channel never took; replay offers them again. */
export const DeadLettersPanel = ({ version }: Live) => {
  const letters = usePolling(() => api.deadLetters(), null, true, [version]);
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
export const LagPanel = ({ version }: Live) => {
  const lag = usePolling(() => api.projectionLag(), null, true, [version]);
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
