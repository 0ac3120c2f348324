/**
 * Calendar days in the service's time zone, with Intl only. A day is named `YYYY-MM-DD`; its
 * bounds are UTC instants. The offset is looked up at the day's start, which is exact for zones
 * without a transition at midnight (Asia/Seoul has none).
 */
const offsetMs = (timeZone: string, at: number): number => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return wall - Math.floor(at / 1000) * 1000;
};

export const dayOf = (instant: string, timeZone: string): string =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));

/** The UTC instant at which the day starts in the zone. */
export const startOfDay = (day: string, timeZone: string): string => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnightUtc = Date.UTC(year, month - 1, date);
  return new Date(midnightUtc - offsetMs(timeZone, midnightUtc - offsetMs(timeZone, midnightUtc))).toISOString();
};

export const nextDay = (day: string): string => {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
};
