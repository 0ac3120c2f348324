import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.js';
import type { CallEntry, CallFilters, HistoryEvent } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { formatClock, formatMoney, formatTime, paymentLabel, statusLabel, t } from '../../i18n.js';

const STATUSES = ['REQUESTED', 'DISPATCHED', 'DRIVING', 'FINISHED', 'CANCELLED', 'NO_DRIVER_FOUND'] as const;

const Timeline = ({ callId, onClose }: { callId: string; onClose: () => void }) => {
  const [events, setEvents] = useState<HistoryEvent[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loaded, setLoaded] = useState<string | null>(null);
  if (loaded !== callId) {
    setLoaded(callId);
    setEvents(null);
    api.callHistory(callId).then(setEvents, setError);
  }
  return (
    <div className="timeline" data-testid="timeline">
      <h3>
        {t('timeline')} · {callId}
      </h3>
      <Problem error={error} />
      <ol>
        {events?.map((event) => (
          <li key={event.position}>
            <time>{formatTime(event.at)}</time> <strong>{event.type}</strong> {event.actor ? `· ${event.actor.role} ${event.actor.id}` : ''}
          </li>
        ))}
      </ol>
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
    </div>
  );
};

type Props = { filters: CallFilters; onFilters: (filters: CallFilters) => void; calls: CallEntry[] | null; error: unknown };

/** Every call, newest first, filtered by status, passenger or driver; a row opens its timeline. */
export const CallsPanel = ({ filters, onFilters, calls, error }: Props) => {
  const [draft, setDraft] = useState<CallFilters>(filters);
  const [selected, setSelected] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onFilters({
      status: draft.status || undefined,
      passengerId: draft.passengerId?.trim() || undefined,
      driverId: draft.driverId?.trim() || undefined,
    });
  };
  return (
    <Section title={t('calls')} id="calls">
      <form className="filters" onSubmit={submit} aria-label={t('filters')}>
        <label>
          {t('status')}
          <select value={draft.status ?? ''} onChange={(event) => setDraft({ ...draft, status: event.target.value })}>
            <option value="">{t('all')}</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {statusLabel(status)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('passengerId')}
          <input value={draft.passengerId ?? ''} onChange={(event) => setDraft({ ...draft, passengerId: event.target.value })} />
        </label>
        <label>
          {t('driverId')}
          <input value={draft.driverId ?? ''} onChange={(event) => setDraft({ ...draft, driverId: event.target.value })} />
        </label>
        <button type="submit">{t('apply')}</button>
      </form>
      <Problem error={error} />
      {calls && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('callId')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('pickup')}</th>
                <th scope="col">{t('destination')}</th>
                <th scope="col">{t('driver')}</th>
                <th scope="col">{t('requestedAt')}</th>
                <th scope="col">{t('fare')}</th>
                <th scope="col">{t('payment')}</th>
              </tr>
            </thead>
            <tbody>
              {calls.map((call) => (
                <tr key={call.callId} data-call={call.callId}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(call.callId)} title={call.callId}>
                      {call.callId.slice(0, 8)}
                      <span className="visually-hidden"> — {t('timeline')}</span>
                    </button>
                  </td>
                  <td data-testid="call-status" data-status={call.status}>
                    {statusLabel(call.status)}
                  </td>
                  <td className="place">{call.pickup.address}</td>
                  <td className="place">{call.destination.address}</td>
                  <td className="place">{call.driver ? `${call.driver.name} · ${call.driver.vehicleNo}` : '–'}</td>
                  <td>{formatClock(call.requestedAt)}</td>
                  <td>{call.fare ? formatMoney(call.fare.amount, call.fare.currency) : '–'}</td>
                  <td data-status={call.paymentStatus ?? undefined}>{paymentLabel(call.paymentStatus)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {calls.length === 0 && <p className="muted">{t('nothingYet')}</p>}
        </div>
      )}
      {selected && <Timeline callId={selected} onClose={() => setSelected(null)} />}
    </Section>
  );
};
