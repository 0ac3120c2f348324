import { expect } from 'chai';
import fc from 'fast-check';
import { type Coordinates, byDistanceFrom, distanceInMetres, nearestFirst } from '../../../src/domain/shared/geo.js';
import { DriverSpatialIndex } from '../../../src/infrastructure/geo/driver-spatial-index.js';

const station: Coordinates = { lat: 37.5547, lng: 126.9707 };
/** A point `north` and `east` metres away from `from` (good enough at city scale). */
const offset = (from: Coordinates, north: number, east: number): Coordinates => ({
  lat: from.lat + north / 111_320,
  lng: from.lng + east / (111_320 * Math.cos((from.lat * Math.PI) / 180)),
});

const online = (index: DriverSpatialIndex, driverId: string, at: Coordinates, rideTypes = ['STANDARD']) => {
  index.setAvailability(driverId, true, rideTypes);
  index.setPosition(driverId, at, 1);
};
const ids = (index: DriverSpatialIndex, query: Partial<Parameters<DriverSpatialIndex['nearestNow']>[0]> = {}) =>
  index.nearestNow({ origin: station, rideType: 'STANDARD', k: 10, ...query }).map((d) => d.driverId);

describe('Driver spatial index', () => {
  describe('with drivers at 100 m, 500 m, 2 km and 8 km from the pickup', () => {
    const build = (rebuilt: boolean) => {
      const index = new DriverSpatialIndex();
      online(index, 'd-8km', offset(station, 8_000, 0));
      online(index, 'd-100m', offset(station, 100, 0));
      online(index, 'd-2km', offset(station, 0, 2_000));
      online(index, 'd-500m', offset(station, -500, 0));
      if (rebuilt) index.rebuild();
      return index;
    };

    for (const rebuilt of [false, true]) {
      describe(rebuilt ? 'after a rebuild (from the tree)' : 'before any rebuild (from the dirty set)', () => {
        it('returns them nearest first, with their distance', () => {
          const found = build(rebuilt).nearestNow({ origin: station, rideType: 'STANDARD', k: 10 });
          expect(found.map((d) => d.driverId)).to.deep.equal(['d-100m', 'd-500m', 'd-2km', 'd-8km']);
          expect(found[0]!.distanceMetres).to.be.closeTo(100, 1);
        });

        it('stops widening once k drivers are found within a radius', () => {
          expect(ids(build(rebuilt), { k: 2, radiiMetres: [1_000, 3_000, 10_000] })).to.deep.equal(['d-100m', 'd-500m']);
          expect(ids(build(rebuilt), { k: 3, radiiMetres: [1_000, 3_000] })).to.deep.equal(['d-100m', 'd-500m', 'd-2km']);
        });

        it('never looks beyond the last radius', () => {
          expect(ids(build(rebuilt), { radiiMetres: [1_000, 3_000] })).to.deep.equal(['d-100m', 'd-500m', 'd-2km']);
        });

        it('leaves out excluded drivers', () => {
          expect(ids(build(rebuilt), { exclude: new Set(['d-100m', 'd-2km']) })).to.deep.equal(['d-500m', 'd-8km']);
        });

        it('leaves out busy or offline drivers, without a rebuild', () => {
          const index = build(rebuilt);
          index.setAvailability('d-100m', false);
          expect(ids(index)).to.deep.equal(['d-500m', 'd-2km', 'd-8km']);
          index.setAvailability('d-100m', true);
          expect(ids(index)[0]).to.equal('d-100m');
        });

        it('leaves out drivers of another ride type', () => {
          const index = build(rebuilt);
          online(index, 'deluxe-50m', offset(station, 50, 0), ['DELUXE']);
          expect(ids(index)).to.not.include('deluxe-50m');
          expect(ids(index, { rideType: 'DELUXE' })).to.deep.equal(['deluxe-50m']);
        });

        it('finds a driver where they moved to, not where the tree last saw them', () => {
          const index = build(rebuilt);
          index.setPosition('d-8km', offset(station, 10, 0), 2);
          expect(ids(index)).to.deep.equal(['d-8km', 'd-100m', 'd-500m', 'd-2km']);
        });
      });
    }

    it('keeps a newer position when an older ping arrives late', () => {
      const index = build(true);
      index.setPosition('d-100m', offset(station, 9_000, 0), 10);
      expect(index.setPosition('d-100m', station, 5)).to.equal(false);
      expect(ids(index).at(-1)).to.equal('d-100m');
    });

    it('forgets a removed driver', () => {
      const index = build(true);
      index.remove('d-100m');
      expect(ids(index)).to.deep.equal(['d-500m', 'd-2km', 'd-8km']);
    });
  });

  it('rebuilds by itself once the overlay of moved drivers is full', () => {
    const index = new DriverSpatialIndex({ maxMoved: 8 });
    for (let i = 0; i < 20; i++) online(index, `d-${i}`, offset(station, i * 10, 0));
    expect(index.stats.moved).to.be.below(8);
    expect(index.stats.rebuilds).to.equal(2);
    expect(ids(index, { k: 20 })).to.have.length(20);
  });

  const cases = [
    { name: 'from the tree, with a few moves in the overlay', maxMoved: 16, rebuild: true, radius: 10_000 },
    { name: "from the overlay's grid cells alone", maxMoved: 1_000_000, rebuild: false, radius: 1_500 },
  ];
  for (const { name, maxMoved, rebuild, radius } of cases)
    it(`answers like a linear scan for random drivers, moves and queries (${name})`, () => {
      const point = fc.record({ north: fc.integer({ min: -12_000, max: 12_000 }), east: fc.integer({ min: -12_000, max: 12_000 }) });
      fc.assert(
        fc.property(
          fc.array(fc.record({ at: point, available: fc.boolean(), deluxe: fc.boolean() }), { minLength: 1, maxLength: 300 }),
          fc.array(fc.record({ driver: fc.nat(), to: point }), { maxLength: 40 }),
          point,
          fc.integer({ min: 1, max: 15 }),
          (drivers, moves, from, k) => {
            const index = new DriverSpatialIndex({ maxMoved });
            const truth = new Map<string, { location: Coordinates; available: boolean; rideTypes: string[] }>();
            drivers.forEach(({ at, available, deluxe }, i) => {
              const location = offset(station, at.north, at.east);
              const rideTypes = deluxe ? ['STANDARD', 'DELUXE'] : ['STANDARD'];
              index.setAvailability(`d-${i}`, available, rideTypes);
              index.setPosition(`d-${i}`, location, 1);
              truth.set(`d-${i}`, { location, available, rideTypes });
            });
            if (rebuild) index.rebuild();
            moves.forEach(({ driver, to }, step) => {
              const driverId = `d-${driver % drivers.length}`;
              const location = offset(station, to.north, to.east);
              index.setPosition(driverId, location, 2 + step);
              truth.get(driverId)!.location = location;
            });
            const origin = offset(station, from.north, from.east);
            const candidates = [...truth].filter(([, d]) => d.available && d.rideTypes.includes('DELUXE'));
            const within = (metres: number) =>
              nearestFirst(origin, candidates, ([, d]) => d.location)
                .filter(({ distanceMetres }) => distanceMetres <= metres)
                .map(({ distanceMetres }) => distanceMetres);
            const found = index.nearestNow({ origin, rideType: 'DELUXE', k, radiiMetres: [radius] }).map((d) => d.distanceMetres);
            // The tree's haversine differs from ours by millimetres at 10 km: a driver right on the
            // boundary may go either way. Everything else must match a linear scan exactly.
            const [inner, outer] = [within(radius - 1), within(radius + 1)];
            expect(found.length).to.be.within(Math.min(k, inner.length), Math.min(k, outer.length));
            expect(found).to.deep.equal(outer.slice(0, found.length));
          },
        ),
        { numRuns: 150 },
      );
    });
});

describe('Distance ordering', () => {
  it('sorts anything with a location nearest first', () => {
    const calls = [
      { id: 'far', at: offset(station, 3_000, 0) },
      { id: 'near', at: offset(station, 10, 0) },
      { id: 'mid', at: offset(station, 0, 700) },
    ];
    expect([...calls].sort(byDistanceFrom(station, (c) => c.at)).map((c) => c.id)).to.deep.equal(['near', 'mid', 'far']);
    const ranked = nearestFirst(station, calls, (c) => c.at);
    expect(ranked.map((r) => r.item.id)).to.deep.equal(['near', 'mid', 'far']);
    expect(ranked[2]!.distanceMetres).to.be.closeTo(distanceInMetres(station, calls[0]!.at), 1e-9);
  });
});
