import type { CallEntry, DriverSummary } from '../../api/types.js';
import { driverStatusLabel, formatClock, statusLabel, t } from '../../i18n.js';

const count = <T,>(list: readonly T[] | null, test: (item: T) => boolean) => (list ? list.filter(test).length : null);

/** The city in six numbers, as a dispatcher glances at it: taxis by state, calls by stage. */
export const Glance = ({ drivers, calls, updatedAt }: { drivers: DriverSummary[] | null; calls: CallEntry[] | null; updatedAt: number | null }) => {
  const figures: [string, string, number | null][] = [
    ...(['ONLINE', 'ON_RIDE', 'AWAY'] as const).map((status): [string, string, number | null] => [
      status,
      `${t('taxis')} · ${driverStatusLabel(status)}`,
      count(drivers, (driver) => driver.status === status),
    ]),
    ...(['REQUESTED', 'DISPATCHED', 'DRIVING'] as const).map((status): [string, string, number | null] => [
      status,
      `${t('calls')} · ${statusLabel(status)}`,
      count(calls, (call) => call.status === status),
    ]),
  ];
  return (
    <div className="glance" data-testid="glance">
      {figures.map(([key, label, value]) => (
        <div key={key} className="figure" data-figure={key}>
          <strong>{value ?? '–'}</strong>
          <span>{label}</span>
        </div>
      ))}
      <small className="muted" data-testid="updated-at">
        {t('updatedAt')} {updatedAt ? formatClock(new Date(updatedAt).toISOString()) : '–'}
      </small>
    </div>
  );
};
