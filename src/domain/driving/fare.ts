/** A tariff is data, set by the operator; the reference tariff is 1,000 KRW per started minute. */
export type Tariff = {
  currency: string;
  amountPerStartedMinute: number;
  minimumMinutes: number;
};

export type Money = { amount: number; currency: string };

export const REFERENCE_TARIFF: Tariff = { currency: 'KRW', amountPerStartedMinute: 1000, minimumMinutes: 1 };

/** Every started minute is charged in full; a ride shorter than the minimum pays the minimum. */
export const computeFare = (durationSeconds: number, tariff: Tariff): Money => {
  const startedMinutes = Math.ceil(Math.max(0, durationSeconds) / 60);
  const chargedMinutes = Math.max(tariff.minimumMinutes, startedMinutes);
  return { amount: chargedMinutes * tariff.amountPerStartedMinute, currency: tariff.currency };
};
