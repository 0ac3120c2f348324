import type { FareEstimate, NearbyTaxis, Place, RideType } from '../../api/types.js';
import { RIDE_TYPES } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { formatMoney, t } from '../../i18n.js';
import { PLACES, localPlace, placeName } from '../../map/places.js';

export type Point = 'pickup' | 'destination';

const PlacePicker = ({ point, value, onChange }: { point: Point; value: Place | null; onChange: (place: Place) => void }) => (
  <label>
    {t(point)} — {t('presetPlace')}
    <select
      value={PLACES.findIndex((place) => placeName(place) === value?.address)}
      onChange={(event) => {
        const place = PLACES[Number(event.target.value)];
        if (place) onChange(localPlace(place));
      }}
    >
      <option value={-1}>{value && !PLACES.some((place) => placeName(place) === value.address) ? value.address : t('choose')}</option>
      {PLACES.map((place, index) => (
        <option key={place.address} value={index}>
          {placeName(place)}
        </option>
      ))}
    </select>
  </label>
);

type Props = {
  pickup: Place | null;
  destination: Place | null;
  choosing: Point;
  onChoosing: (point: Point) => void;
  onPoint: (point: Point, place: Place) => void;
  rideType: RideType;
  onRideType: (rideType: RideType) => void;
  nearby: { value: NearbyTaxis | null; error: unknown };
  estimate: FareEstimate | null;
  onRequest: () => void;
  error: unknown;
};

/** Where from, where to (a map click or a preset), which ride type; what is near and what it costs. */
export const RequestForm = ({
  pickup,
  destination,
  choosing,
  onChoosing,
  onPoint,
  rideType,
  onRideType,
  nearby,
  estimate,
  onRequest,
  error,
}: Props) => (
  <Section title={t('requestTaxi')} id="request">
    <fieldset className="choose">
      <legend>{t('choosing')}</legend>
      {(['pickup', 'destination'] as const).map((point) => (
        <label key={point} className="inline">
          <input type="radio" name="choosing" checked={choosing === point} onChange={() => onChoosing(point)} /> {t(point)}
        </label>
      ))}
    </fieldset>
    <PlacePicker point="pickup" value={pickup} onChange={(place) => onPoint('pickup', place)} />
    <PlacePicker point="destination" value={destination} onChange={(place) => onPoint('destination', place)} />
    <label>
      {t('rideType')}
      <select value={rideType} onChange={(event) => onRideType(event.target.value as RideType)}>
        {RIDE_TYPES.map((type) => (
          <option key={type} value={type}>
            {type}
          </option>
        ))}
      </select>
    </label>
    <div data-testid="nearby">
      {t('freeTaxisNearby')}: {nearby.value ? <strong>{nearby.value.count}</strong> : nearby.error ? <Problem error={nearby.error} /> : '–'}
    </div>
    {estimate && (
      <p data-testid="estimate">
        {t('estimate')}: <strong>{formatMoney(estimate.amount, estimate.currency)}</strong>
      </p>
    )}
    <button type="button" className="primary" disabled={!pickup || !destination} onClick={onRequest}>
      {t('requestTaxi')}
    </button>
    <Problem error={error} />
  </Section>
);
