/**
 * Presence is derived, not recorded: an online driver whose last sign of life (a ping, or going
 * online) is older than `staleAfterMs` is AWAY. Pings are too frequent to be events, so the
 * transition ONLINE → AWAY → ONLINE happens in the reader's arithmetic, the same in every reader.
 */
export const isAway = (lastSeenAt: string | null | undefined, now: Date, staleAfterMs: number): boolean =>
  lastSeenAt === null || lastSeenAt === undefined || now.getTime() - Date.parse(lastSeenAt) > staleAfterMs;
