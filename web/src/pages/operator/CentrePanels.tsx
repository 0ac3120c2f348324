import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.js';
import type { AttentionItem, DriverSummary, RideType } from '../../api/types.js';
import { RIDE_TYPES } from '../../api/types.js';
import { OutcomeLine, useAction } from '../../components/Outcome.js';
import { Problem, Section } from '../../components/Section.js';
import { driverStatusLabel, formatClock, language, rideTypeLabel, t, type MessageKey } from '../../i18n.js';
import { PLACES, localPlace, placeName } from '../../map/places.js';

/** A phone booking: the centre calls a taxi for a passenger without the app, found by their number. */
export const BookingForm = ({ onBooked }: { onBooked: (callId: string) => void }) => {
  const { outcome, busy, run } = useAction();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(1);
  const [rideType, setRideType] = useState<RideType>('STANDARD');
  const [locale, setLocale] = useState<'ko' | 'en'>(language);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      phone: phone.trim(),
      ...(name.trim() ? { name: name.trim() } : {}),
      pickup: localPlace(PLACES[from]!),
      destination: localPlace(PLACES[to]!),
      rideType,
      locale,
    };
    run(async () => {
      const booked = await api.book(body);
      onBooked(booked.callId);
      return `${t('callId')} ${booked.callId.slice(0, 8)}`;
    });
  };
  const placeSelect = (label: MessageKey, value: number, onChange: (index: number) => void) => (
    <label>
      {t(label)}
      <select value={value} onChange={(event) => onChange(Number(event.target.value))}>
        {PLACES.map((place, index) => (
          <option key={place.address} value={index}>
            {placeName(place)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <Section title={t('phoneBooking')} id="booking">
      <form onSubmit={submit} className="booking">
        <label>
          {t('phone')}
          <input type="tel" required value={phone} placeholder="010-1234-5678" onChange={(event) => setPhone(event.target.value)} />
        </label>
        <label>
          {t('passengerName')}
          <input value={name} maxLength={100} onChange={(event) => setName(event.target.value)} />
        </label>
        {placeSelect('pickup', from, setFrom)}
        {placeSelect('destination', to, setTo)}
        <label>
          {t('rideType')}
          <select value={rideType} onChange={(event) => setRideType(RIDE_TYPES.find((type) => type === event.target.value) ?? 'STANDARD')}>
            {RIDE_TYPES.map((type) => (
              <option key={type} value={type}>
                {rideTypeLabel(type)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('language')}
          <select value={locale} onChange={(event) => setLocale(event.target.value === 'en' ? 'en' : 'ko')}>
            <option value="ko">한국어</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t('book')}
        </button>
      </form>
      <OutcomeLine outcome={outcome} />
    </Section>
  );
};

/** The taxis the centre sees, with the one action on a driver: set them offline. */
export const DriversPanel = ({ drivers, error, onChanged }: { drivers: DriverSummary[] | null; error: unknown; onChanged: () => void }) => {
  const { outcome, busy, run } = useAction();
  const shown = (drivers ?? []).filter((driver) => driver.status !== 'OFFLINE');
  return (
    <Section title={t('driversPanel')} id="drivers">
      <Problem error={error} />
      {drivers && shown.length === 0 && <p className="muted">{t('nothingYet')}</p>}
      <ul className="list">
        {shown.map((driver) => (
          <li key={driver.driverId} data-driver={driver.driverId}>
            <strong>{driver.name}</strong> · {driver.vehicleNo} · {driverStatusLabel(driver.status)}
            {driver.releaseCount ? ` · ${t('releases')} ${driver.releaseCount}` : ''}
            {driver.status !== 'ON_RIDE' && (
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  run(async () => {
                    await api.setDriverOffline(driver.driverId);
                    return driver.name;
                  }, onChanged)
                }
              >
                {t('setOffline')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <OutcomeLine outcome={outcome} />
    </Section>
  );
};

const ATTENTION_KINDS: Record<string, MessageKey> = {
  STUCK_DISPATCHED: 'stuckDispatched',
  LONG_RIDE: 'longRide',
  DRIVER_BUSY_WITHOUT_RIDE: 'busyWithoutRide',
};

/** Rides that need a hand: opening one shows its history and what the centre can do about it. */
export const AttentionPanel = ({ items, error, onOpen }: { items: AttentionItem[] | null; error: unknown; onOpen: (callId: string) => void }) => (
  <Section title={t('attention')} id="attention">
    <Problem error={error} />
    {items?.length === 0 && <p className="muted">{t('nothingYet')}</p>}
    <ul className="list">
      {items?.map((item) => (
        <li key={`${item.kind}:${item.callId ?? item.driverId}`} data-kind={item.kind}>
          <strong>{t(ATTENTION_KINDS[item.kind] ?? 'attention')}</strong> · <time>{formatClock(item.since)}</time>
          {item.driverId && ` · ${t('driver')} ${item.driverId}`}
          {item.callId && (
            <button type="button" className="link" onClick={() => onOpen(item.callId!)}>
              {t('callId')} {item.callId.slice(0, 8)}
            </button>
          )}
        </li>
      ))}
    </ul>
  </Section>
);
