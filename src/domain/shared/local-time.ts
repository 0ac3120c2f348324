/**
 * Local wall-clock time in the service's time zone, from the platform's own time zone data (Intl),
 * so the domain needs no time zone library. Pure: the same instant and zone always give the same answer.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** True when the platform knows the zone (e.g. `Asia/Seoul`); a setting is checked with it at start. */
export const isKnownTimeZone = (timeZone: string): boolean => {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
};

/** How far the zone's wall clock is ahead of UTC at this instant, in milliseconds. */
export const utcOffsetMs = (at: Date, timeZone: string): number => {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour) % 24,
    Number(parts.minute),
    Number(parts.second),
  );
  const wholeSeconds = Math.floor(at.getTime() / 1000) * 1000;
  return wall - wholeSeconds;
};

/** `HH:MM` as minutes after local midnight. */
export const minutesOfClock = (clock: string): number => {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
  if (!match) throw new RangeError(`not a HH:MM clock time: ${clock}`);
  return Number(match[1]) * 60 + Number(match[2]);
};

const DAY_MS = 86_400_000;

/**
 * Seconds of [start, end] that fall inside a daily local window [from, to); a window whose end is
 * not after its start wraps past midnight (23:00–02:00). The zone's offset at the start holds for
 * the whole interval: a ride spanning a daylight-saving change is off by that hour at most, and
 * the default zone (Asia/Seoul) has none.
 */
export const secondsInDailyWindow = (start: Date, end: Date, window: { from: string; to: string }, timeZone: string): number => {
  const offset = utcOffsetMs(start, timeZone);
  const localStart = start.getTime() + offset;
  const localEnd = Math.max(localStart, end.getTime() + offset);
  const from = minutesOfClock(window.from) * 60_000;
  let to = minutesOfClock(window.to) * 60_000;
  if (to <= from) to += DAY_MS;
  let overlapMs = 0;
  for (let day = Math.floor(localStart / DAY_MS) * DAY_MS - DAY_MS; day <= localEnd; day += DAY_MS) {
    overlapMs += Math.max(0, Math.min(localEnd, day + to) - Math.max(localStart, day + from));
  }
  return overlapMs / 1000;
};

/** Whether an instant's local time is inside a daily window (for a ride of no duration). */
export const isInDailyWindow = (at: Date, window: { from: string; to: string }, timeZone: string): boolean => {
  const local = at.getTime() + utcOffsetMs(at, timeZone);
  const minute = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / 60_000);
  const from = minutesOfClock(window.from);
  const to = minutesOfClock(window.to);
  return to > from ? minute >= from && minute < to : minute >= from || minute < to;
};
