export type Point = { lat: number; lng: number };

/** Central Seoul, where the demo's taxis drive and its passengers call from. */
const AREA = { south: 37.49, north: 37.6, west: 126.9, east: 127.08 };

export const randomPoint = (random: () => number = Math.random): Point => ({
  lat: AREA.south + random() * (AREA.north - AREA.south),
  lng: AREA.west + random() * (AREA.east - AREA.west),
});

export const metersBetween = (a: Point, b: Point) =>
  Math.hypot((a.lat - b.lat) * 111_320, (a.lng - b.lng) * 111_320 * Math.cos((a.lat * Math.PI) / 180));

/** At most `meters` toward the target; exactly on it once close enough. */
export const stepToward = (from: Point, to: Point, meters: number): Point => {
  const distance = metersBetween(from, to);
  if (distance <= meters) return { ...to };
  const ratio = meters / distance;
  return { lat: from.lat + (to.lat - from.lat) * ratio, lng: from.lng + (to.lng - from.lng) * ratio };
};

/** A small wander of an idle taxi, kept inside the area. */
export const wander = (from: Point, meters: number, random: () => number = Math.random): Point => {
  const target = { lat: from.lat + (random() - 0.5) * 0.01, lng: from.lng + (random() - 0.5) * 0.01 };
  const next = stepToward(from, target, meters);
  return { lat: Math.min(Math.max(next.lat, AREA.south), AREA.north), lng: Math.min(Math.max(next.lng, AREA.west), AREA.east) };
};
