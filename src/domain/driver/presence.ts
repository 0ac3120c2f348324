/**
 * Presence is derived, not recorded: an online driver whose last sign of life (a ping, or going
 * online) is older than `staleAfterMs` is AWAY. Pings are too frequent to be events, so the
 * transition ONLINE → AWAY → ONLINE happens in the reader's arithmetic, the same in every reader.
 */
export const isAway = (lastSeenAt: string | null | undefined, now: Date, staleAfterMs: number): boolean =>
  lastSeenAt === null || lastSeenAt === undefined || isAwaySince(Date.parse(lastSeenAt), now.getTime(), staleAfterMs);

/** The same rule on milliseconds, for the nearest-driver index, which asks it of every candidate of every search. */
export const isAwaySince = (lastSeenMs: number, nowMs: number, staleAfterMs: number): boolean =>
  Number.isNaN(lastSeenMs) || nowMs - lastSeenMs > staleAfterMs;

/** A driver's status as the driver streams have it: ON_RIDE is an online driver with a current call. */
export type RecordedDriverStatus = 'ONLINE' | 'ON_RIDE' | 'OFFLINE';
export type PresentDriverStatus = RecordedDriverStatus | 'AWAY';

/**
 * What operators see. Only a free online driver turns AWAY: one on a ride is accounted for by the
 * ride (and its stuck-ride checks), and nobody is offered a call while on one anyway.
 */
export const presentStatus = (
  status: RecordedDriverStatus,
  lastSeenAt: string | null | undefined,
  now: Date,
  staleAfterMs: number,
): PresentDriverStatus => (status === 'ONLINE' && isAway(lastSeenAt, now, staleAfterMs) ? 'AWAY' : status);

/** The newer of two signs of life (the last ping, going online); null when there is neither. */
export const newestSign = (a: string | null | undefined, b: string | null | undefined): string | null => {
  if (a === null || a === undefined) return b ?? null;
  if (b === null || b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
};
