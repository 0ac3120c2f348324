import { useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { CallFilters, ConsoleConfig } from '../api/types.js';
import { located } from '../api/types.js';
import { Problem, Section } from '../components/Section.js';
import { usePolling } from '../components/usePolling.js';
import { driverStatusLabel, statusLabel, t } from '../i18n.js';
import { CityMap, type MapMarker } from '../map/CityMap.js';
import { DeadLettersPanel, LagPanel, PaymentsPanel } from './operator/AttentionPanels.js';
import { CallsPanel } from './operator/CallsPanel.js';
import { DailyReport } from './operator/DailyReport.js';
import { AttentionPanel, BookingForm, DriversPanel } from './operator/CentrePanels.js';
import { Glance } from './operator/Glance.js';
import { useOperatorFeed } from './operator/useOperatorFeed.js';

const OPEN_STATUSES = 'REQUESTED,DISPATCHED,DRIVING';

/** The customer centre: the city now, the calls, what needs a hand, and the day in numbers. */
export const OperatorPage = ({ config }: { config: ConsoleConfig }) => {
  const [filters, setFilters] = useState<CallFilters>({});
  const [selected, setSelected] = useState<string | null>(null);
  const feed = useOperatorFeed();
  const drivers = usePolling(() => api.drivers(), null, true, [feed.drivers, feed.tick]);
  const openCalls = usePolling(() => api.calls({ status: OPEN_STATUSES }), null, true, [feed.calls]);
  const calls = usePolling(() => api.calls(filters), null, true, [filters, feed.calls]);
  const attention = usePolling(() => api.attention(), null, true, [feed.any, feed.tick]);
  const refresh = () => {
    void drivers.reload();
    void openCalls.reload();
    void calls.reload();
    void attention.reload();
  };

  const markers = useMemo(() => {
    const list: MapMarker[] = [];
    for (const driver of drivers.value ?? []) {
      const at = driver.location;
      if (!at || driver.status === 'OFFLINE') continue;
      list.push({
        id: `driver-${driver.driverId}`,
        at,
        kind: driver.status === 'ON_RIDE' ? 'busy-taxi' : 'taxi',
        title: `${t('driver')} ${driver.name} (${driver.vehicleNo}) · ${driverStatusLabel(driver.status)}`,
      });
    }
    for (const call of openCalls.value ?? []) {
      const at = located(call.pickup);
      if (call.status === 'DRIVING' || !at) continue;
      list.push({
        id: `call-${call.callId}`,
        at,
        kind: call.status === 'DISPATCHED' ? 'dispatched-call' : 'call',
        title: `${t('callId')} ${call.callId} · ${statusLabel(call.status)}`,
      });
    }
    return list;
  }, [drivers.value, openCalls.value]);

  return (
    <div className="layout operator">
      <div className="main">
        <Section title={t('liveMap')} id="live-map">
          <Glance drivers={drivers.value} calls={openCalls.value} updatedAt={drivers.loadedAt} />
          <Problem error={drivers.error ?? openCalls.error} />
          <CityMap tilesUrl={config.mapTilesUrl} markers={markers} label={t('map')} />
        </Section>
        <CallsPanel
          filters={filters}
          onFilters={setFilters}
          calls={calls.value}
          error={calls.error}
          drivers={drivers.value ?? []}
          selected={selected}
          onSelect={setSelected}
          onChanged={refresh}
          version={feed.calls}
        />
        <DailyReport version={feed.calls} />
      </div>
      <div className="side">
        <AttentionPanel items={attention.value} error={attention.error} onOpen={setSelected} />
        <BookingForm
          onBooked={(callId) => {
            setSelected(callId);
            refresh();
          }}
        />
        <DriversPanel drivers={drivers.value} error={drivers.error} onChanged={refresh} />
        <PaymentsPanel version={feed.payments} />
        <DeadLettersPanel version={feed.tick} />
        <LagPanel version={feed.any + feed.tick} />
      </div>
    </div>
  );
};
