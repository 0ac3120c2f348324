import { useEffect, useMemo, useState } from 'react';
import { api, watchCall } from '../api/client.js';
import type { CallEntry, ConsoleConfig, LatLng, NearbyTaxis, Place, RideType, SearchEvent } from '../api/types.js';
import { located, rideTypeOf } from '../api/types.js';
import type { Session } from '../auth/session.js';
import { usePolling } from '../components/usePolling.js';
import { t } from '../i18n.js';
import { CityMap, type MapMarker } from '../map/CityMap.js';
import { metersBetween } from '../map/gazetteer.js';
import { PLACES, pointAddress } from '../map/places.js';
import { HistorySection, NotificationsSection } from './passenger/PassengerLists.js';
import { type Point, RequestForm } from './passenger/RequestForm.js';
import { ReceiptSection } from './passenger/Receipt.js';
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
  const [search, setSearch] = useState<SearchEvent | null>(null);
  useEffect(() => {
    if (!callId) return;
    return watchCall(callId, {
      status: (event) => {
        setCall(event.call);
        void reloadNotifications();
        void reloadHistory();
      },
      search: setSearch,
    });
  }, [callId, reloadNotifications, reloadHistory]);

  // The taxi's position and ETA are read from the dashboard entry while it is on its way.
  const tracking = usePolling(() => api.call(callId!), 3_000, !!callId && (call?.status === 'DISPATCHED' || call?.status === 'DRIVING'), [
    callId,
    call?.status,
  ]);
  const shown = tracking.value && tracking.value.callId === callId && tracking.value.status === call?.status ? tracking.value : call;
  const taxiAt = shown ? (taxiOf(shown)?.at ?? null) : null;
  const target = call?.status === 'DISPATCHED' ? located(call.pickup) : call?.status === 'DRIVING' ? located(call.destination) : null;
  // The meter runs on the server; the page shows what the tariff makes of the road so far.
  const fareSoFar = usePolling(
    () => api.estimateFare(located(call!.pickup)!, { ...taxiAt!, address: '' }, rideTypeOf(call!.rideType)!),
    10_000,
    call?.status === 'DRIVING' && !!taxiAt && !!located(call.pickup) && !!rideTypeOf(call.rideType),
    [call?.status, taxiAt?.lat, taxiAt?.lng],
  );

  const setPoint = (point: Point, place: Place) => {
    (point === 'pickup' ? setPickup : setDestination)(place);
    setChoosing(point === 'pickup' ? 'destination' : 'pickup');
  };
  const rename = (point: Point, address: string) =>
    (point === 'pickup' ? setPickup : setDestination)((place) => (place ? { ...place, address } : place));
  const onMapClick = (at: LatLng) => !active && setPoint(choosing, { ...at, address: pointAddress(at) });
  const request = () => {
    if (!pickup || !destination) return;
    setError(null);
    api
      .requestCall(pickup, destination, rideType)
      .then(({ callId: created }) =>
        api.call(created).catch(() => ({ callId: created, status: 'REQUESTED', pickup, destination, rideType }) as CallEntry),
      )
      .then((created) => {
        // The next ride starts from a clean form, not from this ride's points.
        setPickup(null);
        setDestination(null);
        setChoosing('pickup');
        setCall(created);
        // A keyboard or screen-reader user lands on the ride they just asked for.
        requestAnimationFrame(() => document.getElementById('ride-title')?.focus());
      }, setError);
  };
  const cancel = () => call && api.cancelCall(call.callId).catch(setError);

  const markers = useMemo(
    () => (active ? markersOf(located(call.pickup), located(call.destination), null, shown) : markersOf(pickup, destination, nearby.value, null)),
    [active, call, shown, pickup, destination, nearby.value],
  );

  return (
    <div className="layout">
      <div className="side">
        {call && (
          <RideStatus
            call={shown ?? call}
            onCancel={() => void cancel()}
            error={active ? error : null}
            toDestination={call.status === 'DRIVING' && taxiAt && target ? metersBetween(taxiAt, target) : null}
            fareSoFar={fareSoFar.value}
            offeredTo={search?.callId === call.callId ? search.offeredTo : 0}
          />
        )}
        {call?.status === 'FINISHED' && <ReceiptSection callId={call.callId} paymentStatus={call.paymentStatus ?? null} />}
        {!active && (
          <RequestForm
            pickup={pickup}
            destination={destination}
            choosing={choosing}
            onChoosing={setChoosing}
            onPoint={setPoint}
            onRename={rename}
            rideType={rideType}
            onRideType={setRideType}
            nearby={nearby}
            estimate={pickup && destination ? estimate.value : null}
            onRequest={request}
            error={error}
          />
        )}
        <NotificationsSection notifications={notifications.value} error={notifications.error} />
        <HistorySection calls={history.value} />
      </div>
      <div className="main">
        <p className="hint">{t('mapHintPassenger')}</p>
        <CityMap
          tilesUrl={config.mapTilesUrl}
          markers={markers}
          onClick={onMapClick}
          label={t('map')}
          focus={active && taxiAt && target ? [taxiAt, target] : undefined}
        />
      </div>
    </div>
  );
};
