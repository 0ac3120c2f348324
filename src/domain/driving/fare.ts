import { isInDailyWindow, secondsInDailyWindow } from '../shared/local-time.js';

/** A surcharge on the whole fare for the part of the ride inside a daily local time window. */
export type NightSurcharge = { from: string; to: string; percent: number };

/**
 * A tariff is data, set by the operator. The reference tariff is 1,000 KRW per started minute; a
 * meter tariff adds a base fare covering a first distance, a rate per distance unit beyond it, a
 * rate per unit of time spent below a speed threshold, a minimum fare, night surcharges and the
 * unit the total is rounded to. Every meter field is optional, so the tariffs of older
 * `TariffSet` events (per-minute only) are tariffs as they stand.
 */
export type Tariff = {
  currency: string;
  /** Charged for every started minute of driving; 0 for a pure distance meter. */
  amountPerStartedMinute: number;
  /** Minutes charged at least (with a positive per-minute rate). */
  minimumMinutes: number;
  baseFare?: number;
  /** Distance the base fare covers. */
  includedDistanceMeters?: number;
  /** Charged per completed `perMeters` beyond the included distance (a meter ticks after each unit). */
  distanceRate?: { amount: number; perMeters: number };
  /** Charged per completed `perSeconds` driven below `belowKmh` (traffic, waiting). */
  slowTimeRate?: { amount: number; perSeconds: number; belowKmh: number };
  /** The metered amount is topped up to this before surcharges. */
  minimumFare?: number;
  nightSurcharges?: NightSurcharge[];
  /** The total is rounded half up to a multiple of this (Korean meters: 100 KRW). */
  roundTo?: number;
};

export type Money = { amount: number; currency: string };

export const REFERENCE_TARIFF: Tariff = { currency: 'KRW', amountPerStartedMinute: 1000, minimumMinutes: 1 };

/** What the meter measured: the times place the surcharges, the rest prices the ride. */
export type RideMeasure = {
  durationSeconds: number;
  distanceMeters: number;
  slowSeconds: number;
  /** Start and end of the ride; without them no night surcharge applies. */
  startedAt?: string;
  finishedAt?: string;
};

export type SurchargeLine = NightSurcharge & { seconds: number; amount: number };

export type FareBreakdown = {
  baseFare: number;
  distanceCharge: number;
  slowTimeCharge: number;
  timeCharge: number;
  minimumTopUp: number;
  surcharges: SurchargeLine[];
  rounding: number;
  total: number;
  currency: string;
};

export type PricedRide = { fare: Money; breakdown: FareBreakdown };

const completedUnits = (quantity: number, unit: number) => (unit > 0 ? Math.floor(Math.max(0, quantity) / unit) : 0);

const roundHalfUp = (amount: number, unit: number) => Math.floor(amount / unit + 0.5 + 1e-9) * unit;

/** Share of the ride inside each surcharge window: by time, as if the meter ran evenly. */
const surchargeLines = (measure: RideMeasure, surcharges: NightSurcharge[], metered: number, timeZone: string): SurchargeLine[] => {
  if (!measure.startedAt || surcharges.length === 0) return [];
  const start = new Date(measure.startedAt);
  const end = new Date(measure.finishedAt ?? measure.startedAt);
  const span = (end.getTime() - start.getTime()) / 1000;
  return surcharges
    .map((window) => {
      const seconds = span > 0 ? secondsInDailyWindow(start, end, window, timeZone) : 0;
      const share = span > 0 ? seconds / span : isInDailyWindow(start, window, timeZone) ? 1 : 0;
      return { ...window, seconds, amount: Math.round((metered * window.percent * share) / 100) };
    })
    .filter((line) => line.amount > 0);
};

/**
 * The fare of a ride under a tariff. Distance and slow time are charged per completed unit, minutes
 * per started minute; the metered amount is topped up to the minimum fare, surcharged by the share
 * of the ride in each night window, and the total rounded. Pure: the time zone is an argument.
 */
export const priceRide = (measure: RideMeasure, tariff: Tariff, timeZone = 'Asia/Seoul'): PricedRide => {
  const baseFare = tariff.baseFare ?? 0;
  const distance = tariff.distanceRate;
  const extraMeters = measure.distanceMeters - (tariff.includedDistanceMeters ?? 0);
  const distanceCharge = distance ? completedUnits(extraMeters, distance.perMeters) * distance.amount : 0;
  const slow = tariff.slowTimeRate;
  const slowTimeCharge = slow ? completedUnits(measure.slowSeconds, slow.perSeconds) * slow.amount : 0;
  const startedMinutes = Math.ceil(Math.max(0, measure.durationSeconds) / 60);
  const timeCharge = tariff.amountPerStartedMinute > 0 ? Math.max(tariff.minimumMinutes, startedMinutes) * tariff.amountPerStartedMinute : 0;
  const metered = baseFare + distanceCharge + slowTimeCharge + timeCharge;
  const minimumTopUp = Math.max(0, (tariff.minimumFare ?? 0) - metered);
  const surcharges = surchargeLines(measure, tariff.nightSurcharges ?? [], metered + minimumTopUp, timeZone);
  const subtotal = metered + minimumTopUp + surcharges.reduce((sum, line) => sum + line.amount, 0);
  const total = roundHalfUp(subtotal, tariff.roundTo && tariff.roundTo > 0 ? tariff.roundTo : 1);
  return {
    fare: { amount: total, currency: tariff.currency },
    breakdown: {
      baseFare,
      distanceCharge,
      slowTimeCharge,
      timeCharge,
      minimumTopUp,
      surcharges,
      rounding: total - subtotal,
      total,
      currency: tariff.currency,
    },
  };
};

/** Every started minute is charged in full; a ride shorter than the minimum pays the minimum. */
export const computeFare = (durationSeconds: number, tariff: Tariff): Money =>
  priceRide({ durationSeconds, distanceMeters: 0, slowSeconds: 0 }, tariff).fare;
