export type Coordinates = { lat: number; lng: number };
export type Place = Coordinates & { address: string };

const EARTH_RADIUS_M = 6_371_008.8;
const toRadians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance in metres (haversine); accurate to well under 1 % at city scale. */
export const distanceInMetres = (a: Coordinates, b: Coordinates): number => {
  const dLat = toRadians(b.lat - a.lat);
  const dLng = toRadians(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRadians(a.lat)) * Math.cos(toRadians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
};

/**
 * Nearest first: a comparator by distance from `origin`, for anything that has a location (an
 * open call's pickup, an available driver). The call list and the nearest-driver search share it,
 * so "nearest" means the same thing to a driver browsing calls and to auto-dispatch.
 */
export const byDistanceFrom =
  <T>(origin: Coordinates, locationOf: (item: T) => Coordinates) =>
  (a: T, b: T): number =>
    distanceInMetres(origin, locationOf(a)) - distanceInMetres(origin, locationOf(b));

/** `items` sorted nearest first, each with its distance; computed once per item, not per comparison. */
export const nearestFirst = <T>(
  origin: Coordinates,
  items: Iterable<T>,
  locationOf: (item: T) => Coordinates,
): Array<{ item: T; distanceMetres: number }> =>
  [...items]
    .map((item) => ({ item, distanceMetres: distanceInMetres(origin, locationOf(item)) }))
    .sort((a, b) => a.distanceMetres - b.distanceMetres);
