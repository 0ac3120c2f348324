import { expect } from 'chai';
import { CELL_LAT_DEGREES, CELL_LNG_DEGREES, cellCentre, nearbyOnGrid } from '../../../src/projections/queries/nearby-taxis.js';
import { type Coordinates, distanceInMetres } from '../../../src/domain/shared/geo.js';

const M_PER_DEG_LAT = 111_195;
const mPerDegLng = (lat: number) => M_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
const offset = (from: Coordinates, east: number, north: number): Coordinates => ({
  lat: from.lat + north / M_PER_DEG_LAT,
  lng: from.lng + east / mPerDegLng(from.lat),
});

/**
 * The attack of the issue: from each of three centres, bisect the integer radius (100 … 10,000 m)
 * for the smallest one that still counts the lone taxi, then intersect the three circles. Answers
 * the estimate, and every answer the service gave, in order.
 */
const trilaterate = (taxi: Coordinates, centres: Coordinates[]) => {
  const answers: string[] = [];
  const ask = (near: Coordinates, radiusMeters: number) => {
    const answer = nearbyOnGrid([taxi], { near, radiusMeters });
    answers.push(JSON.stringify(answer));
    return answer.count;
  };
  const radii = centres.map((near) => {
    let [low, high] = [100, 10_000];
    while (low < high) {
      const mid = Math.floor((low + high) / 2);
      if (ask(near, mid) > 0) high = mid;
      else low = mid + 1;
    }
    return low;
  });
  // Circles in a plane (metres east/north of the first centre), subtracted pairwise: two linear equations.
  const origin = centres[0]!;
  const [p0, p1, p2] = centres.map((c) => ({ x: (c.lng - origin.lng) * mPerDegLng(origin.lat), y: (c.lat - origin.lat) * M_PER_DEG_LAT }));
  const [r0, r1, r2] = radii as [number, number, number];
  const row = (p: { x: number; y: number }, r: number) => ({ a: 2 * (p.x - p0!.x), b: 2 * (p.y - p0!.y), c: r0 ** 2 - r ** 2 + p.x ** 2 + p.y ** 2 });
  const [e1, e2] = [row(p1!, r1), row(p2!, r2)];
  const det = e1.a * e2.b - e1.b * e2.a;
  const x = (e1.c * e2.b - e1.b * e2.c) / det;
  const y = (e1.a * e2.c - e1.c * e2.a) / det;
  return { estimate: offset(origin, x, y), answers };
};

describe('Nearby taxis on a coarse grid', () => {
  const seoulStation = { lat: 37.5547, lng: 126.9707 };
  const cell = cellCentre(seoulStation);
  // Two places in the same cell, near opposite corners: about 330 m apart.
  const southWest = { lat: cell.lat - CELL_LAT_DEGREES / 2 + 0.0002, lng: cell.lng - CELL_LNG_DEGREES / 2 + 0.0002 };
  const northEast = { lat: cell.lat + CELL_LAT_DEGREES / 2 - 0.0002, lng: cell.lng + CELL_LNG_DEGREES / 2 - 0.0002 };
  const centres = [offset(cell, -2_000, -1_500), offset(cell, 2_500, -1_000), offset(cell, 300, 2_200)];

  it('cannot tell apart two places in one cell, 300 m apart, whatever it is asked', () => {
    expect(distanceInMetres(southWest, northEast)).to.be.greaterThan(300);
    const one = trilaterate(southWest, centres);
    const other = trilaterate(northEast, centres);
    expect(one.answers.length).to.be.greaterThan(30);
    expect(one.answers).to.deep.equal(other.answers);
  });

  it('leaves the issue’s attack (bisected radii from three centres) more than 100 m off a lone taxi near a cell’s corner', () => {
    for (const taxi of [southWest, northEast]) {
      expect(distanceInMetres(trilaterate(taxi, centres).estimate, taxi)).to.be.greaterThan(100);
    }
  });

  it('gives the same answer for two centres in one cell, and for radii within one step', () => {
    const taxis = [offset(cell, 400, 300), offset(cell, -900, 100), offset(cell, 1_700, -1_200)];
    const a = nearbyOnGrid(taxis, { near: southWest, radiusMeters: 1_001 });
    const b = nearbyOnGrid(taxis, { near: northEast, radiusMeters: 1_999 });
    expect(a).to.deep.equal(b);
    expect(a.radiusMeters).to.equal(2_000);
  });

  it('counts and lists the taxis by their cells’ centres, nearest cells first', () => {
    const near = offset(cell, 600, 0);
    const answer = nearbyOnGrid([offset(cell, 4_000, 0), near, seoulStation], { near: seoulStation, radiusMeters: 3_000 });
    expect(answer).to.deep.equal({ count: 2, radiusMeters: 3_000, taxis: [cell, cellCentre(near)] });
  });
});
