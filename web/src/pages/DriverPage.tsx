import { useEffect, useMemo, useRef, useState } from 'react';
import { api, watchOffers } from '../api/client.js';
import type { ConsoleConfig, FinishResult, LatLng, Offer, Place } from '../api/types.js';
import type { Session } from '../auth/session.js';
import { Problem, Section } from '../components/Section.js';
import { usePolling } from '../components/usePolling.js';
import { formatDistance, formatMoney, t } from '../i18n.js';
import { CityMap, type MapMarker } from '../map/CityMap.js';
import { PLACES, SEOUL_CENTER, placeName, stepToward } from '../map/places.js';
import { CurrentRide, type Ride } from './CurrentRide.js';

const STEP_METERS = 250;
const STEP_MS = 400;

/** Online/offline, position, offers and the call list, the ride in progress, today's earnings. */
export const DriverPage = ({ config, session }: { config: ConsoleConfig; session: Session }) => {
  const driverId = session.id;
  const [position, setPosition] = useState<LatLng>(() => ({ lat: SEOUL_CENTER.lat + (Math.random() - 0.5) * 0.02, lng: SEOUL_CENTER.lng + (Math.random() - 0.5) * 0.02 }));
  const [online, setOnline] = useState(false);
  const [offers, setOffers] = useState<Offer[]>([]);
  const [ride, setRide] = useState<Ride | null>(null);
  const [target, setTarget] = useState<LatLng | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<unknown>(null);
  const busy = !!ride && ride.status !== 'FINISHED';
  const calls = usePolling(() => api.driverCalls(driverId), 3_000, online && !busy);
  const earnings = usePolling(() => api.driverRides(driverId), 15_000, true, [ride?.status]);
  // A passenger may cancel before the ride starts; the assigned driver may read the call (views round).
  const watched = usePolling(() => api.call(ride!.callId), 5_000, !!ride && ride.status === 'DISPATCHED', [ride?.callId, ride?.status]);
  const cancelled = !!ride && watched.value?.callId === ride.callId && watched.value.status === 'CANCELLED';
  // Back on the page (a reload): carry on from what the server knows (views round; else offline).
  useEffect(() => {
    api.driver(driverId).then((known) => {
      const at = known.location ?? known.lastPosition;
      if (at) setPosition(at);
      if (known.status === 'ONLINE' || known.status === 'ON_RIDE') setOnline(true);
    }, () => undefined);
  }, [driverId]);
  const positionRef = useRef(position);
  positionRef.current = position;

  const act = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    }
  };

  useEffect(() => {
    if (!online) return;
    const stop = watchOffers(driverId, {
      offer: (offer) => setOffers((list) => [...list.filter((o) => o.callId !== offer.callId), offer]),
      closed: (closed) => setOffers((list) => list.filter((o) => o.callId !== closed.callId)),
    });
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => { stop(); clearInterval(tick); };
  }, [online, driverId]);

  const moveTo = (at: LatLng) => {
    setPosition(at);
    if (online) void api.reportLocation(driverId, at).catch(setError);
  };

  // The simulated drive: a step toward the target every STEP_MS, each reported like a real ping.
  useEffect(() => {
    if (!target) return;
    const timer = setInterval(() => {
      const next = stepToward(positionRef.current, target, STEP_METERS);
      moveTo({ lat: next.lat, lng: next.lng });
      if (next.arrived) setTarget(null);
    }, STEP_MS);
    return () => clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target]);

  const goOnline = () => act(async () => { await api.goOnline(driverId, position); setOnline(true); });
  const goOffline = () => act(async () => { await api.goOffline(driverId); setOnline(false); setOffers([]); });
  const accept = (callId: string, pickup: Place, destination: Place) =>
    act(async () => {
      await api.acceptCall(callId);
      setOffers([]);
      setRide({ callId, pickup, destination, status: 'DISPATCHED', result: null });
    });
  const decline = (callId: string) => act(async () => { await api.declineCall(callId); setOffers((list) => list.filter((o) => o.callId !== callId)); });
  const start = () => ride && act(async () => { await api.startRide(ride.callId); setRide({ ...ride, status: 'DRIVING' }); });
  const finish = () =>
    ride && act(async () => {
      setTarget(null);
      const result: FinishResult = await api.finishRide(ride.callId);
      setRide({ ...ride, status: 'FINISHED', result });
    });

  const markers = useMemo(() => {
    const list: MapMarker[] = [{ id: 'me', at: position, kind: 'me', title: `${t('position')} (${t(online ? 'ONLINE' : 'OFFLINE')})`, draggable: true }];
    if (busy) {
      list.push({ id: 'pickup', at: ride.pickup, kind: 'pickup', title: `${t('pickup')}: ${ride.pickup.address}` });
      list.push({ id: 'destination', at: ride.destination, kind: 'destination', title: `${t('destination')}: ${ride.destination.address}` });
    } else {
      for (const offer of offers) if (offer.pickup) list.push({ id: `offer-${offer.callId}`, at: offer.pickup, kind: 'call', title: `${t('offers')}: ${offer.pickup.address}` });
      calls.value?.forEach((call) => list.push({ id: `call-${call.callId}`, at: call.pickup, kind: 'call', title: `${t('legendCall')}: ${call.pickup.address}` }));
    }
    return list;
  }, [position, online, busy, ride, offers, calls.value]);

  return (
    <div className="layout">
      <div className="side">
        <Section title={t('status')} id="availability">
          <p>{t('youAre')} <strong data-testid="driver-status">{t(busy ? 'ON_RIDE' : online ? 'ONLINE' : 'OFFLINE')}</strong></p>
          {online ? <button type="button" disabled={busy} onClick={() => void goOffline()}>{t('offline')}</button> : <button type="button" className="primary" onClick={() => void goOnline()}>{t('online')}</button>}
          <label>
            {t('moveTo')}
            <select value="" disabled={!!target} onChange={(event) => { const place = PLACES[Number(event.target.value)]; if (place) moveTo({ lat: place.lat, lng: place.lng }); }}>
              <option value="">{t('choose')}</option>
              {PLACES.map((place, index) => <option key={place.address} value={index}>{placeName(place)}</option>)}
            </select>
          </label>
          <Problem error={error} />
        </Section>
        {ride && <CurrentRide ride={ride} cancelled={cancelled} driving={!!target} onDrive={setTarget} onStart={() => void start()} onFinish={() => void finish()} onDone={() => { setTarget(null); setRide(null); }} />}
        {online && !busy && (
          <Section title={t('offers')} id="offers">
            {offers.length === 0 && <p className="muted">{t('nothingYet')}</p>}
            <ul className="list">
              {offers.map((offer) => (
                <li key={offer.offerId} className="offer" data-testid="offer">
                  <span>{offer.pickup?.address ?? offer.callId} → {offer.destination?.address ?? ''}</span>
                  <span className="countdown" aria-live="off">{Math.max(0, Math.ceil((Date.parse(offer.expiresAt) - now) / 1000))}{t('secondsLeft')}</span>
                  <button type="button" className="primary" onClick={() => offer.pickup && offer.destination && void accept(offer.callId, offer.pickup, offer.destination)}>{t('accept')}</button>
                  <button type="button" onClick={() => void decline(offer.callId)}>{t('decline')}</button>
                </li>
              ))}
            </ul>
          </Section>
        )}
        {online && !busy && (
          <Section title={t('callList')} id="call-list">
            <Problem error={calls.error} />
            {calls.value?.length ? (
              <ul className="list">{calls.value.map((call) => (
                <li key={call.callId} data-testid="open-call">
                  {call.pickup.address} → {call.destination.address} · {call.rideType} · {formatDistance(call.distanceMeters)} {t('away')}
                  <button type="button" onClick={() => void accept(call.callId, call.pickup, call.destination)}>{t('accept')}</button>
                </li>
              ))}</ul>
            ) : <p className="muted">{t('nothingYet')}</p>}
          </Section>
        )}
        <Section title={t('todayEarnings')} id="earnings">
          <Problem error={earnings.error} />
          {earnings.value && (
            <p data-testid="earnings">
              <strong>{formatMoney(earnings.value.todayEarnings?.amount ?? 0)}</strong> · {earnings.value.items?.length ?? 0} {t('rides')}
            </p>
          )}
        </Section>
      </div>
      <div className="main">
        <p className="hint">{t('mapHintDriver')}</p>
        <CityMap tilesUrl={config.mapTilesUrl} markers={markers} label={t('map')} onClick={(at) => !target && moveTo(at)} onDragEnd={(_id, at) => moveTo(at)} />
      </div>
    </div>
  );
};
