import type { FareEstimate, NearbyTaxis, Place, RideType } from '../../api/types.js';
import { RIDE_TYPES } from '../../api/types.js';
import { Problem, Section } from '../../components/Section.js';
import { formatDistance, formatMinutes, formatMoney, rideTypeLabel, t } from '../../i18n.js';
import { BreakdownLines } from './Receipt.js';
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

/** The name a point goes by (from the gazetteer, or a preset): the passenger may say it better ("Gate 3"). */
const PlaceLabel = ({ point, value, onRename }: { point: Point; value: Place; onRename: (point: Point, address: string) => void }) => (
  <label>
    {t(point === 'pickup' ? 'pickupName' : 'destinationName')}
    <input data-testid={`${point}-name`} value={value.address} maxLength={200} onChange={(event) => onRename(point, event.target.value)} />
  </label>
);

type Props = {
  pickup: Place | null;
  destination: Place | null;
  choosing: Point;
  onChoosing: (point: Point) => void;
  onPoint: (point: Point, place: Place) => void;
  onRename: (point: Point, address: string) => void;
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
  onRename,
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
    {pickup && <PlaceLabel point="pickup" value={pickup} onRename={onRename} />}
    <PlacePicker point="destination" value={destination} onChange={(place) => onPoint('destination', place)} />
    {destination && <PlaceLabel point="destination" value={destination} onRename={onRename} />}
    <label>
      {t('rideType')}
      <select value={rideType} onChange={(event) => onRideType(event.target.value as RideType)}>
        {RIDE_TYPES.map((type) => (
          <option key={type} value={type}>
            {rideTypeLabel(type)}
          </option>
        ))}
      </select>
    </label>
    <div data-testid="nearby">
      {t('freeTaxisNearby')}: {nearby.value ? <strong>{nearby.value.count}</strong> : nearby.error ? <Problem error={nearby.error} /> : '–'}
    </div>
    {estimate && (
      <details className="estimate">
        <summary data-testid="estimate">
          {t('estimate')}: <strong>{formatMoney(estimate.amount, estimate.currency)}</strong> · {formatDistance(estimate.distanceMeters)} ·{' '}
          {formatMinutes(estimate.durationSeconds)}
        </summary>
        <p className="muted">{t('estimateExplained')}</p>
        <BreakdownLines breakdown={estimate.breakdown} />
      </details>
    )}
    {nearby.value?.count === 0 && (
      <p className="warn" data-testid="no-taxi-near">
        {t('noTaxiNear')}
      </p>
    )}
    <button type="button" className="primary" disabled={!pickup || !destination} onClick={onRequest}>
      {t('requestTaxi')}
    </button>
    <Problem error={error} />
  </Section>
);
