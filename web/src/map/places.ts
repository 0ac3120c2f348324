import type { Place } from '../api/types.js';
import { language } from '../i18n.js';
import { describePoint } from './gazetteer.js';

/** A few well-known places, so a ride can be set up without a pointer. */
export const PLACES: readonly Place[] = [
  { address: 'Seoul Station / 서울역', lat: 37.5547, lng: 126.9707 },
  { address: 'Gangnam Station / 강남역', lat: 37.4979, lng: 127.0276 },
  { address: 'Myeongdong / 명동', lat: 37.5636, lng: 126.9827 },
  { address: 'Hongik Univ. / 홍대입구', lat: 37.5572, lng: 126.9245 },
  { address: 'COEX / 코엑스', lat: 37.5116, lng: 127.0595 },
  { address: 'Jamsil / 잠실', lat: 37.5133, lng: 127.1001 },
  { address: 'Yeouido / 여의도', lat: 37.5219, lng: 126.9245 },
  { address: 'Gwanghwamun / 광화문', lat: 37.5759, lng: 126.9768 },
];

/** The place's name in the page's language ("Seoul Station / 서울역" → one of the two). */
export const placeName = (place: Place) => place.address.split(' / ')[language === 'ko' ? 1 : 0] ?? place.address;

/** A preset as the passenger sends it: named in the language they read. */
export const localPlace = (place: Place): Place => ({ ...place, address: placeName(place) });

export const SEOUL_CENTER = { lat: 37.5565, lng: 126.978 };

/** A clicked point named from the gazetteer in the page's language; the passenger may edit it. */
export const pointAddress = (at: { lat: number; lng: number }) => describePoint(at, language);

/** One step of a simulated drive: at most `meters` toward the target, arriving exactly. */
export const stepToward = (from: { lat: number; lng: number }, to: { lat: number; lng: number }, meters: number) => {
  const dLat = (to.lat - from.lat) * 111_320;
  const dLng = (to.lng - from.lng) * 111_320 * Math.cos((from.lat * Math.PI) / 180);
  const distance = Math.hypot(dLat, dLng);
  if (distance <= meters) return { lat: to.lat, lng: to.lng, arrived: true };
  const ratio = meters / distance;
  return { lat: from.lat + (to.lat - from.lat) * ratio, lng: from.lng + (to.lng - from.lng) * ratio, arrived: false };
};
