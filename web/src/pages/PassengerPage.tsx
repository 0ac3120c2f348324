import { useEffect, useMemo, useState } from 'react';
import { api, watchCall } from '../api/client.js';
import { type CallEntry, type ConsoleConfig, type LatLng, type Place, RIDE_TYPES, type RideType } from '../api/types.js';
import type { Session } from '../auth/session.js';
import { Problem, Section } from '../components/Section.js';
import { usePolling } from '../components/usePolling.js';
import { formatMoney, formatTime, statusLabel, t } from '../i18n.js';
import { CityMap, type MapMarker } from '../map/CityMap.js';
import { PLACES, localPlace, placeName, pointAddress } from '../map/places.js';
import { RideStatus, taxiOf } from './RideStatus.js';

type Point = 'pickup' | 'destination';
const OPEN = new Set(['REQUESTED', 'DISPATCHED', 'DRIVING']);

const PlacePicker = ({ point, value, onChange }: { point: Point; value: Place | null; onChange: (place: Place) => void }) => (
  <label>
    {t(point)} — {t('presetPlace')}
    <select value={PLACES.findIndex((place) => placeName(place) === value?.address)} onChange={(event) => { const place = PLACES[Number(event.target.value)]; if (place) onChange(localPlace(place)); }}>
      <option value={-1}>{value && !PLACES.some((place) => placeName(place) === value.address) ? value.address : t('choose')}</option>
      {PLACES.map((place, index) => <option key={place.address} value={index}>{placeName(place)}</option>)}
    </select>
  </label>
);

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
  const estimate = usePolling(() => api.estimateFare(pickup!, destination!, rideType), 60_000, !!pickup && !!destination && !active, [pickup, destination, rideType]);

  // Back on the page with a ride still open: carry on watching it.
  useEffect(() => {
    const open = history.value?.find((entry) => OPEN.has(entry.status));
    if (open && !call) setCall(open);
  }, [history.value, call]);

  const callId = call?.callId;
  useEffect(() => {
    if (!callId) return;
    return watchCall(callId, (event) => {
      setCall(event.call);
      void notifications.reload();
      void history.reload();
    });
  }, [callId, notifications.reload, history.reload]);

  // The taxi's position and ETA are read from the dashboard entry while it is on its way.
  const tracking = usePolling(() => api.call(callId!), 3_000, !!callId && (call?.status === 'DISPATCHED' || call?.status === 'DRIVING'), [callId, call?.status]);
  const shown = tracking.value && tracking.value.callId === callId && tracking.value.status === call?.status ? tracking.value : call;

  const setPoint = (point: Point, place: Place) => {
    if (point === 'pickup') setPickup(place);
    else setDestination(place);
    setChoosing(point === 'pickup' ? 'destination' : 'pickup');
  };
  const onMapClick = (at: LatLng) => !active && setPoint(choosing, { ...at, address: pointAddress(at.lat, at.lng, t('near')) });

  const request = async () => {
    if (!pickup || !destination) return;
    setError(null);
    try {
      const { callId: created } = await api.requestCall(pickup, destination, rideType);
      setCall(await api.call(created).catch(() => ({ callId: created, status: 'REQUESTED', pickup, destination, rideType }) as CallEntry));
    } catch (failure) {
      setError(failure);
    }
  };
  const cancel = async () => {
    if (!call) return;
    try {
      await api.cancelCall(call.callId);
    } catch (failure) {
      setError(failure);
    }
  };

  const markers = useMemo(() => {
    const list: MapMarker[] = [];
    const from = active ? call.pickup : pickup;
    const to = active ? call.destination : destination;
    if (from) list.push({ id: 'pickup', at: from, kind: 'pickup', title: `${t('pickup')}: ${from.address}` });
    if (to) list.push({ id: 'destination', at: to, kind: 'destination', title: `${t('destination')}: ${to.address}` });
    if (!active) nearby.value?.taxis?.forEach((at, index) => list.push({ id: `free-${index}`, at, kind: 'taxi', title: t('legendFree') }));
    const taxi = shown ? taxiOf(shown) : null;
    if (taxi && active) list.push({ id: 'my-taxi', at: taxi.at, kind: 'me', title: `${t('vehicle')} ${shown?.vehicleNo ?? ''}` });
    return list;
  }, [active, call, pickup, destination, nearby.value, shown]);

  return (
    <div className="layout">
      <div className="side">
        {!active && (
          <Section title={t('requestTaxi')} id="request">
            <fieldset className="choose">
              <legend>{t('choosing')}</legend>
              {(['pickup', 'destination'] as const).map((point) => (
                <label key={point} className="inline">
                  <input type="radio" name="choosing" checked={choosing === point} onChange={() => setChoosing(point)} /> {t(point)}
                </label>
              ))}
            </fieldset>
            <PlacePicker point="pickup" value={pickup} onChange={(place) => setPoint('pickup', place)} />
            <PlacePicker point="destination" value={destination} onChange={(place) => setPoint('destination', place)} />
            <label>
              {t('rideType')}
              <select value={rideType} onChange={(event) => setRideType(event.target.value as RideType)}>
                {RIDE_TYPES.map((type) => <option key={type} value={type}>{type}</option>)}
              </select>
            </label>
            <div data-testid="nearby">{t('freeTaxisNearby')}: {nearby.value ? <strong>{nearby.value.count}</strong> : nearby.error ? <Problem error={nearby.error} /> : '–'}</div>
            {estimate.value && <p data-testid="estimate">{t('estimate')}: <strong>{formatMoney(estimate.value.amount, estimate.value.currency)}</strong></p>}
            <button type="button" className="primary" disabled={!pickup || !destination} onClick={() => void request()}>{t('requestTaxi')}</button>
            <Problem error={error} />
          </Section>
        )}
        {call && <RideStatus call={shown ?? call} onCancel={() => void cancel()} error={active ? error : null} />}
        <Section title={t('notifications')} id="notifications">
          <Problem error={notifications.error} />
          {notifications.value?.length ? (
            <ul className="list">{notifications.value.slice(0, 8).map((note) => <li key={note.notificationId}><time>{formatTime(note.createdAt)}</time> {note.message}</li>)}</ul>
          ) : <p className="muted">{t('nothingYet')}</p>}
        </Section>
        <Section title={t('history')} id="history">
          {history.value?.length ? (
            <ul className="list">{history.value.slice(0, 8).map((entry) => (
              <li key={entry.callId}>
                <time>{formatTime(entry.requestedAt)}</time> {entry.pickup.address} → {entry.destination.address} · {statusLabel(entry.status)}
                {entry.fare ? ` · ${formatMoney(entry.fare.amount, entry.fare.currency)}` : ''}
              </li>
            ))}</ul>
          ) : <p className="muted">{t('nothingYet')}</p>}
        </Section>
      </div>
      <div className="main">
        <p className="hint" id="map-hint">{t('mapHintPassenger')}</p>
        <CityMap tilesUrl={config.mapTilesUrl} markers={markers} onClick={onMapClick} label={t('map')} />
      </div>
    </div>
  );
};
