import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { ConsoleConfig, Place } from '../api/types.js';
import type { Session } from '../auth/session.js';
import { Problem, Section } from '../components/Section.js';
import { usePolling } from '../components/usePolling.js';
import { RIDES, countOf, formatMoney, t } from '../i18n.js';
import { CityMap, type MapMarker } from '../map/CityMap.js';
import { PLACES, placeName } from '../map/places.js';
import { CurrentRide, type Ride } from './driver/CurrentRide.js';
import { CallListSection, OffersSection } from './driver/OfferLists.js';
import { useOffers } from './driver/useOffers.js';
import { useTaxiPosition } from './driver/useTaxiPosition.js';

const markersOf = (
  position: MapMarker['at'],
  online: boolean,
  ride: Ride | null,
  pickups: { id: string; at: Place; title: string }[],
): MapMarker[] => {
  const me: MapMarker = { id: 'me', at: position, kind: 'me', title: `${t('position')} (${t(online ? 'ONLINE' : 'OFFLINE')})`, draggable: true };
  if (ride && ride.status !== 'FINISHED') {
    return [
      { id: 'pickup', at: ride.pickup, kind: 'pickup', title: `${t('pickup')}: ${ride.pickup.address}` },
      { id: 'destination', at: ride.destination, kind: 'destination', title: `${t('destination')}: ${ride.destination.address}` },
      me,
    ];
  }
  return [...pickups.map(({ id, at, title }): MapMarker => ({ id, at, kind: 'call', title })), me];
};

/** Online/offline, position, offers and the call list, the ride in progress, today's earnings. */
export const DriverPage = ({ config, session }: { config: ConsoleConfig; session: Session }) => {
  const driverId = session.id;
  const [online, setOnline] = useState(false);
  const [ride, setRide] = useState<Ride | null>(null);
  const [error, setError] = useState<unknown>(null);
  const taxi = useTaxiPosition(driverId, online, setError);
  const { offers, now, drop } = useOffers(driverId, online);
  const busy = !!ride && ride.status !== 'FINISHED';
  const calls = usePolling(() => api.driverCalls(driverId), 3_000, online && !busy);
  const earnings = usePolling(() => api.driverRides(driverId), 15_000, true, [ride?.status]);
  // A passenger may cancel before the ride starts; the assigned driver may read the call (views round).
  const watched = usePolling(() => api.call(ride!.callId), 5_000, ride?.status === 'DISPATCHED', [ride?.callId, ride?.status]);
  const cancelled = !!ride && watched.value?.callId === ride.callId && watched.value.status === 'CANCELLED';

  // Back on the page (a reload): carry on from what the server knows (views round; else offline).
  useEffect(() => {
    api.driver(driverId).then(
      (known) => {
        const at = known.location;
        if (at) taxi.setPosition(at);
        if (known.status === 'ONLINE' || known.status === 'ON_RIDE') setOnline(true);
      },
      () => undefined,
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [driverId]);

  const act = (action: () => Promise<unknown>) => {
    setError(null);
    action().catch(setError);
  };
  const accept = (callId: string, pickup: Place, destination: Place) =>
    act(async () => {
      await api.acceptCall(callId);
      drop();
      setRide({ callId, pickup, destination, status: 'DISPATCHED', result: null });
    });
  const start = () =>
    ride &&
    act(async () => {
      await api.startRide(ride.callId);
      setRide({ ...ride, status: 'DRIVING' });
    });
  const finish = () =>
    ride &&
    act(async () => {
      taxi.stop();
      setRide({ ...ride, status: 'FINISHED', result: await api.finishRide(ride.callId) });
    });

  const markers = useMemo(() => {
    const pickups = [
      ...offers.flatMap((offer) =>
        offer.pickup ? [{ id: `offer-${offer.callId}`, at: offer.pickup, title: `${t('offers')}: ${offer.pickup.address}` }] : [],
      ),
      ...(online ? (calls.value ?? []) : []).map((call) => ({
        id: `call-${call.callId}`,
        at: call.pickup,
        title: `${t('legendCall')}: ${call.pickup.address}`,
      })),
    ];
    return markersOf(taxi.position, online, ride, pickups);
  }, [taxi.position, online, ride, offers, calls.value]);

  return (
    <div className="layout">
      <div className="side">
        <Section title={t('status')} id="availability">
          <p>
            {t('youAre')} <strong data-testid="driver-status">{t(busy ? 'ON_RIDE' : online ? 'ONLINE' : 'OFFLINE')}</strong>
          </p>
          {online ? (
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                act(async () => {
                  await api.goOffline(driverId);
                  setOnline(false);
                })
              }
            >
              {t('offline')}
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() =>
                act(async () => {
                  await api.goOnline(driverId, taxi.position);
                  setOnline(true);
                })
              }
            >
              {t('online')}
            </button>
          )}
          <label>
            {t('moveTo')}
            <select
              value=""
              disabled={taxi.driving}
              onChange={(event) => {
                const place = PLACES[Number(event.target.value)];
                if (place) taxi.moveTo({ lat: place.lat, lng: place.lng });
              }}
            >
              <option value="">{t('choose')}</option>
              {PLACES.map((place, index) => (
                <option key={place.address} value={index}>
                  {placeName(place)}
                </option>
              ))}
            </select>
          </label>
          <Problem error={error} />
        </Section>
        {ride && (
          <CurrentRide
            ride={ride}
            cancelled={cancelled}
            driving={taxi.driving}
            onDrive={taxi.driveTo}
            onStart={start}
            onFinish={finish}
            onDone={() => {
              taxi.stop();
              setRide(null);
            }}
          />
        )}
        {online && !busy && (
          <OffersSection
            offers={offers}
            now={now}
            position={taxi.position}
            onAccept={accept}
            onDecline={(callId) =>
              act(async () => {
                await api.declineCall(callId);
                drop(callId);
              })
            }
          />
        )}
        {online && !busy && (
          // An offered call is in the offers above; the list shows the rest.
          <CallListSection
            calls={calls.value?.filter((call) => !offers.some((offer) => offer.callId === call.callId)) ?? null}
            error={calls.error}
            onAccept={accept}
          />
        )}
        <Section title={t('todayEarnings')} id="earnings">
          <Problem error={earnings.error} />
          {earnings.value && (
            <p data-testid="earnings">
              <strong>{formatMoney(earnings.value.todayEarnings.amount, earnings.value.todayEarnings.currency)}</strong> ·{' '}
              {countOf(earnings.value.todayEarnings.rides, RIDES)}
            </p>
          )}
        </Section>
      </div>
      <div className="main">
        <p className="hint">{t('mapHintDriver')}</p>
        <CityMap
          tilesUrl={config.mapTilesUrl}
          markers={markers}
          label={t('map')}
          onClick={(at) => !taxi.driving && taxi.moveTo(at)}
          onDragEnd={(_id, at) => taxi.moveTo(at)}
          focus={ride && ride.status !== 'FINISHED' ? [taxi.position, ride.status === 'DISPATCHED' ? ride.pickup : ride.destination] : undefined}
        />
      </div>
    </div>
  );
};
