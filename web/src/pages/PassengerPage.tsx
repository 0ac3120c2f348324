import { useEffect, useMemo, useState } from 'react';
import { api, watchCall } from '../api/client.js';
import type { CallEntry, ConsoleConfig, LatLng, NearbyTaxis, Place, RideType } from '../api/types.js';
import { located } from '../api/types.js';
import type { Session } from '../auth/session.js';
import { usePolling } from '../components/usePolling.js';
import { t } from '../i18n.js';
import { CityMap, type MapMarker } from '../map/CityMap.js';
import { PLACES, pointAddress } from '../map/places.js';
import { HistorySection, NotificationsSection } from './passenger/PassengerLists.js';
import { type Point, RequestForm } from './passenger/RequestForm.js';
import { RideStatus, taxiOf } from './passenger/RideStatus.js';

const OPEN = new Set(['REQUESTED', 'DISPATCHED', 'DRIVING']);

const markersOf = (from: Place | null, to: Place | null, free: NearbyTaxis | null, ride: CallEntry | null): MapMarker[] => {
  const list: MapMarker[] = [];
  if (from) list.push({ id: 'pickup', at: from, kind: 'pickup', title: `${t('pickup')}: ${from.address}` });
  if (to) list.push({ id: 'destination', at: to, kind: 'destination', title: `${t('destination')}: ${to.address}` });
  free?.taxis.forEach((at, index) => list.push({ id: `free-${index}`, at, kind: 'taxi', title: t('legendFree') }));
  const taxi = ride ? taxiOf(ride) : null;
  if (ride && taxi) list.push({ id: 'my-taxi', at: taxi.at, kind: 'me', title: `${t('vehicle')} ${ride.vehicleNo ?? ''}` });
  return list;
};

/** Book a ride, watch it live, pay; notifications and history below. */
export const PassengerPage = ({ config, session }: { config: ConsoleConfig; session: Session }) => {
  const [pickup, setPickup] = useState<Place | null>(null);
  const [destination, setDestination] = useState<Place | null>(null);
  const [choosing, setChoosing] = useState<Point>('pickup');
  const [rideType, setRideType] = useState<RideType>('STANDARD');
  const [call, setCall] = useState<CallEntry | null>(null);
  const [error, setError] = useState<unknown>(null);
  const history = usePolling(() => api.passengerCalls(session.id), 15_000);
  const notifications = usePolling(() => api.notifications(session.id), 15_000);
  const active = !!call && OPEN.has(call.status);
  const nearby = usePolling(() => api.nearbyTaxis(pickup ?? PLACES[0]!, rideType), 5_000, !!pickup && !active, [pickup, rideType]);
  const estimate = usePolling(() => api.estimateFare(pickup!, destination!, rideType), 60_000, !!pickup && !!destination && !active, [
    pickup,
    destination,
    rideType,
  ]);

  // Back on the page with a ride still open: carry on watching it (set while rendering, as React
  // advises for state that follows a prop, so the page never paints without it first).
  const reopened = call ? undefined : history.value?.find((entry) => OPEN.has(entry.status));
  if (reopened) setCall(reopened);

  const callId = call?.callId;
  const { reload: reloadNotifications } = notifications;
  const { reload: reloadHistory } = history;
  useEffect(() => {
    if (!callId) return;
    return watchCall(callId, (event) => {
      setCall(event.call);
      void reloadNotifications();
      void reloadHistory();
    });
  }, [callId, reloadNotifications, reloadHistory]);

  // The taxi's position and ETA are read from the dashboard entry while it is on its way.
  const tracking = usePolling(() => api.call(callId!), 3_000, !!callId && (call?.status === 'DISPATCHED' || call?.status === 'DRIVING'), [
    callId,
    call?.status,
  ]);
  const shown = tracking.value && tracking.value.callId === callId && tracking.value.status === call?.status ? tracking.value : call;

  const setPoint = (point: Point, place: Place) => {
    (point === 'pickup' ? setPickup : setDestination)(place);
    setChoosing(point === 'pickup' ? 'destination' : 'pickup');
  };
  const onMapClick = (at: LatLng) => !active && setPoint(choosing, { ...at, address: pointAddress(at.lat, at.lng, t('near')) });
  const request = () => {
    if (!pickup || !destination) return;
    setError(null);
    api
      .requestCall(pickup, destination, rideType)
      .then(({ callId: created }) =>
        api.call(created).catch(() => ({ callId: created, status: 'REQUESTED', pickup, destination, rideType }) as CallEntry),
      )
      .then(setCall, setError);
  };
  const cancel = () => call && api.cancelCall(call.callId).catch(setError);

  const markers = useMemo(
    () => (active ? markersOf(located(call.pickup), located(call.destination), null, shown) : markersOf(pickup, destination, nearby.value, null)),
    [active, call, shown, pickup, destination, nearby.value],
  );

  return (
    <div className="layout">
      <div className="side">
        {!active && (
          <RequestForm
            pickup={pickup}
            destination={destination}
            choosing={choosing}
            onChoosing={setChoosing}
            onPoint={setPoint}
            rideType={rideType}
            onRideType={setRideType}
            nearby={nearby}
            estimate={estimate.value}
            onRequest={request}
            error={error}
          />
        )}
        {call && <RideStatus call={shown ?? call} onCancel={() => void cancel()} error={active ? error : null} />}
        <NotificationsSection notifications={notifications.value} error={notifications.error} />
        <HistorySection calls={history.value} />
      </div>
      <div className="main">
        <p className="hint">{t('mapHintPassenger')}</p>
        <CityMap tilesUrl={config.mapTilesUrl} markers={markers} onClick={onMapClick} label={t('map')} />
      </div>
    </div>
  );
};
