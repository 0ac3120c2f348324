import { useState } from 'react';
import { api } from '../../api/client.js';
import type { CallEntry, DriverSummary } from '../../api/types.js';
import { OutcomeLine, useAction } from '../../components/Outcome.js';
import { driverStatusLabel, statusLabel, t } from '../../i18n.js';

const ASSIGNABLE = new Set(['REQUESTED', 'DISPATCHED']);
const CANCELLABLE = new Set(['REQUESTED', 'DISPATCHED']);

/**
 * What the dispatch centre can do to one call: give it to a chosen taxi (or another one), cancel it,
 * or finish a ride that is stuck DRIVING. Every action carries a reason for the call's history.
 */
export const CallActions = ({ call, drivers, onChanged }: { call: CallEntry; drivers: DriverSummary[]; onChanged: () => void }) => {
  const { outcome, busy, run } = useAction();
  const [driverId, setDriverId] = useState('');
  const [reason, setReason] = useState('');
  const [fare, setFare] = useState('');
  const candidates = drivers.filter((driver) => driver.status === 'ONLINE' && driver.driverId !== call.driverId);
  const why = reason.trim() || t('byTheCentre');
  return (
    <div className="call-actions" data-testid="call-actions">
      <label>
        {t('reason')}
        <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
      </label>
      {ASSIGNABLE.has(call.status) && (
        <div className="row">
          <label>
            {t('assignTo')}
            <select value={driverId} onChange={(event) => setDriverId(event.target.value)}>
              <option value="">{t('choose')}</option>
              {candidates.map((driver) => (
                <option key={driver.driverId} value={driver.driverId}>
                  {driver.name} · {driver.vehicleNo} · {driverStatusLabel(driver.status)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            disabled={busy || !driverId}
            onClick={() => run(async () => `${statusLabel((await api.assign(call.callId, driverId, why)).status)} · ${driverId}`, onChanged)}
          >
            {t('assign')}
          </button>
        </div>
      )}
      {CANCELLABLE.has(call.status) && (
        <button
          type="button"
          disabled={busy}
          onClick={() => run(async () => statusLabel((await api.cancelCall(call.callId, why)).status), onChanged)}
        >
          {t('cancelCall')}
        </button>
      )}
      {call.status === 'DRIVING' && (
        <div className="row">
          <label>
            {t('fareOverride')}
            <input inputMode="numeric" pattern="[0-9]*" value={fare} onChange={(event) => setFare(event.target.value.replace(/\D/g, ''))} />
          </label>
          <button
            type="button"
            disabled={busy}
            onClick={() => run(async () => statusLabel((await api.forceFinish(call.callId, why, fare ? Number(fare) : undefined)).status), onChanged)}
          >
            {t('forceFinish')}
          </button>
        </div>
      )}
      <OutcomeLine outcome={outcome} />
    </div>
  );
};
