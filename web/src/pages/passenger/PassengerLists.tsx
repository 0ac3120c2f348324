import type { CallEntry, Notification } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { formatMoney, formatTime, statusLabel, t } from '../../i18n.js';

export const NotificationsSection = ({ notifications, error }: { notifications: Notification[] | null; error: unknown }) => (
  <Section title={t('notifications')} id="notifications">
    <Problem error={error} />
    {notifications?.length ? (
      <ul className="list">
        {notifications.slice(0, 8).map((note) => (
          <li key={note.notificationId}>
            <time>{formatTime(note.createdAt)}</time> {note.message}
          </li>
        ))}
      </ul>
    ) : (
      <p className="muted">{t('nothingYet')}</p>
    )}
  </Section>
);

export const HistorySection = ({ calls }: { calls: CallEntry[] | null }) => (
  <Section title={t('history')} id="history">
    {calls?.length ? (
      <ul className="list">
        {calls.slice(0, 8).map((entry) => (
          <li key={entry.callId}>
            <time>{formatTime(entry.requestedAt)}</time> {entry.pickup.address} → {entry.destination.address} · {statusLabel(entry.status)}
            {entry.fare ? ` · ${formatMoney(entry.fare.amount, entry.fare.currency)}` : ''}
          </li>
        ))}
      </ul>
    ) : (
      <p className="muted">{t('nothingYet')}</p>
    )}
  </Section>
);
