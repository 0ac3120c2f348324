import type { Transport } from './driver-channel.js';

type Settings = {
  drivers: number;
  seconds: number;
  callsPerSecond: number;
  tickMs: number;
  metersPerTick: number;
  transport: Transport | 'auto';
  processes: number;
};

/**
 * `city`: Seoul's evening on this backend (issue: a city, not a demo). 20,000 taxis pinging every
 * 5 s (4,000 pings/s; the whole city's 70,000 would be 14,000/s), 20 calls/s, ten minutes. Taxis
 * drive a kilometre per tick (a time-lapse, so rides finish within the run), and live in child
 * processes, a few thousand sockets each.
 */
export const PROFILES = {
  city: { drivers: 20_000, seconds: 600, callsPerSecond: 20, tickMs: 5_000, metersPerTick: 1_000, processes: 4 },
} satisfies Record<string, Partial<Settings>>;
export type ProfileName = keyof typeof PROFILES;

const DEFAULTS: Settings = { drivers: 30, seconds: 300, callsPerSecond: 1 / 3, tickMs: 1_000, metersPerTick: 150, transport: 'auto', processes: 0 };

type Values = Partial<
  Record<'profile' | 'drivers' | 'minutes' | 'seconds' | 'calls-per-second' | 'request-every' | 'tick' | 'speed' | 'transport' | 'processes', string>
>;

/** The run's settings: what the command line says, else the profile's, else the defaults. */
export const demoSettings = (values: Values, fail: (message: string) => never): Settings => {
  if (values.profile !== undefined && !(values.profile in PROFILES))
    fail(`--profile must be one of ${Object.keys(PROFILES).join(', ')} (got ${values.profile})`);
  const profile: Partial<Settings> = values.profile ? PROFILES[values.profile as ProfileName] : {};
  const number = (name: keyof Values, min = Number.MIN_VALUE) => {
    const value = values[name];
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min)
      fail(`--${name} must be a number ≥ ${min === Number.MIN_VALUE ? 'more than 0' : min} (got ${value})`);
    return parsed;
  };
  const transport = values.transport ?? profile.transport ?? DEFAULTS.transport;
  if (!['auto', 'channel', 'http'].includes(transport)) fail(`--transport must be auto, channel or http (got ${transport})`);
  const seconds = number('seconds') ?? ((m) => (m === undefined ? undefined : m * 60))(number('minutes'));
  const requestEvery = number('request-every');
  return {
    drivers: Math.round(number('drivers') ?? profile.drivers ?? DEFAULTS.drivers),
    seconds: seconds ?? profile.seconds ?? DEFAULTS.seconds,
    callsPerSecond: number('calls-per-second') ?? (requestEvery ? 1 / requestEvery : undefined) ?? profile.callsPerSecond ?? DEFAULTS.callsPerSecond,
    tickMs: (number('tick') ?? (profile.tickMs ?? DEFAULTS.tickMs) / 1000) * 1000,
    metersPerTick: number('speed') ?? profile.metersPerTick ?? DEFAULTS.metersPerTick,
    transport: transport as Transport | 'auto',
    processes: Math.round(number('processes', 0) ?? profile.processes ?? DEFAULTS.processes),
  };
};
