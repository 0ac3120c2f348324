import { type FormEvent, useState } from 'react';
import { CALL_STATUSES } from '../../../../client/index.js';
import { api } from '../../api/client.js';
import type { CallEntry, CallFilters, DriverSummary } from '../../api/types.js';
import { usePolling } from '../../components/usePolling.js';
import { CallActions } from './CallActions.js';
import { Problem, Section } from '../../components/Section.js';
import { formatClock, formatMoney, formatTime, paymentLabel, statusLabel, t } from '../../i18n.js';

/** The reason an operator or a driver gave for a step (a cancel, a release, a forced finish), if any. */
const reasonOf = (data: unknown): string | null => {
  if (typeof data !== 'object' || data === null) return null;
  const { reason, forced } = data as { reason?: unknown; forced?: { reason?: unknown } };
  const text = typeof reason === 'string' ? reason : forced?.reason;
  return typeof text === 'string' && text ? text : null;
};

/** One call's story from the log, and what the centre can do about the call now. */
const Timeline = ({
  callId,
  drivers,
  onClose,
  onChanged,
  live,
}: {
  callId: string;
  drivers: DriverSummary[];
  onClose: () => void;
  onChanged: () => void;
  live: number;
}) => {
  const [version, setVersion] = useState(0);
  const history = usePolling(() => api.callHistory(callId), null, true, [callId, version, live]);
  const call = usePolling(() => api.call(callId), null, true, [callId, version, live]);
  return (
    <div className="timeline" data-testid="timeline">
      <h3>
        {t('timeline')} · {callId}
      </h3>
      <Problem error={history.error ?? call.error} />
      {call.value && (
        <CallActions
          call={call.value}
          drivers={drivers}
          onChanged={() => {
            setVersion((v) => v + 1);
            onChanged();
          }}
        />
      )}
      <ol>
        {history.value?.map((event) => (
          <li key={event.position}>
            <time>{formatTime(event.at)}</time> <strong>{event.type}</strong> {event.actor ? `· ${event.actor.role} ${event.actor.id}` : ''}
            {reasonOf(event.data) ? ` · ${reasonOf(event.data)}` : ''}
          </li>
        ))}
      </ol>
      <button type="button" onClick={onClose}>
        {t('close')}
      </button>
    </div>
  );
};

type Props = {
  filters: CallFilters;
  onFilters: (filters: CallFilters) => void;
  calls: CallEntry[] | null;
  error: unknown;
  drivers: DriverSummary[];
  selected: string | null;
  onSelect: (callId: string | null) => void;
  /** After an action: the page's lists are read again at once. */
  onChanged: () => void;
  /** Raised when the operator's live stream says the calls changed. */
  version: number;
};

/** Every call, newest first, filtered by status, passenger or driver; a row opens its timeline. */
export const CallsPanel = ({ filters, onFilters, calls, error, drivers, selected, onSelect, onChanged, version }: Props) => {
  const [draft, setDraft] = useState<CallFilters>(filters);
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
            {CALL_STATUSES.map((status) => (
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
                    <button type="button" className="link" onClick={() => onSelect(call.callId)} title={call.callId}>
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
      {selected && <Timeline callId={selected} drivers={drivers} onClose={() => onSelect(null)} onChanged={onChanged} live={version} />}
    </Section>
  );
};
