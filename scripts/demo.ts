import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type DemoResult, runDemo } from './demo/city.js';
import { DemoHttp } from './demo/http.js';
import { channelCapacityOf } from './demo/server-metrics.js';
import { PROFILES, type ProfileName, demoSettings } from './demo/settings.js';

/**
 * `npm run demo -- [url] [--profile city] [--drivers 30] [--minutes 5 | --seconds N] [--calls-per-second 0.33] [--check]`
 * A living city for the console, and a load run when big; doubles as a soak run: it exits 1 when
 * any error was seen or, with --check, when the city it leaves is not clean.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    profile: { type: 'string' },
    drivers: { type: 'string' },
    minutes: { type: 'string' },
    seconds: { type: 'string' },
    'calls-per-second': { type: 'string' },
    'request-every': { type: 'string' },
    tick: { type: 'string' },
    speed: { type: 'string' },
    transport: { type: 'string' },
    processes: { type: 'string' },
    check: { type: 'boolean' },
    gateway: { type: 'string' },
    json: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: npm run demo -- [url=http://127.0.0.1:3000] [--profile ${Object.keys(PROFILES).join('|')}]
    [--drivers 30] [--minutes 5 | --seconds N] [--calls-per-second 0.33 | --request-every 3 (s)]
    [--tick 1 (s)] [--speed 150 (m per tick)] [--transport auto|channel|http] [--processes 0 (child processes for the taxis)]
    [--check (the city's invariants at the end; run it with the server's DATA_DIR / MONGO_URL to compare read models with a rebuild)]
    [--gateway URL (the PAYMENT_GATEWAY_URL the server charges: each approved ride is looked up in its ledger)]
    [--json FILE (the settings, tally, figures and the check, for npm run bench)]
The server must run with AUTH_MODE=dev (the default). Ctrl-C or SIGTERM stops early: rides are finished or
cancelled and taxis go offline before it exits (a second Ctrl-C exits at once and leaves them).`);
  process.exit(0);
}

const settings = demoSettings(values, (message) => {
  console.error(message);
  process.exit(2);
});

const stop = new AbortController();
const onSignal = (signal: NodeJS.Signals) => {
  if (stop.signal.aborted) {
    console.log(`\n${signal} again: exiting now; rides of this run may stay open`);
    process.exit(130);
  }
  console.log(`\n${signal}: stopping — rides are finished or cancelled and taxis go offline, then the summary…`);
  stop.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const url = positionals[0] ?? 'http://127.0.0.1:3000';
const profile = values.profile as ProfileName | undefined;
console.log(
  `demo city against ${url}${profile ? ` (profile ${profile})` : ''}: ${settings.drivers} taxis, ${Number(settings.callsPerSecond.toFixed(2))} calls/s, ` +
    `${settings.seconds} s (Ctrl-C stops early)`,
);
const policy = await new DemoHttp(url).rateLimitPolicy();
console.log(
  `server rate limit per address: ${policy ?? 'off'}. This run sends ~${Math.ceil(settings.callsPerSecond * 6)} commands/s at steady state, ` +
    `3 per taxi at sign-in (paced by Retry-After when refused)${settings.transport === 'http' ? `, plus ${Math.round(settings.drivers / (settings.tickMs / 1000))} pings/s over HTTP` : ''}.`,
);

const capacity = await fetch(`${url}/metrics`)
  .then(async (res) => (res.ok ? channelCapacityOf(await res.text()) : null))
  .catch(() => null);
if (capacity !== null && capacity < settings.drivers)
  console.log(
    `the server holds at most ${capacity.toLocaleString('en-US')} driver channels (its open-file limit less a reserve for HTTP): ` +
      `${(settings.drivers - capacity).toLocaleString('en-US')} taxis will be refused (503) and keep trying; raise \`ulimit -n\` or CHANNEL_MAX_OPEN, or add an api replica.`,
  );

const result: DemoResult = await runDemo({
  url,
  ...settings,
  reportEveryMs: 5_000,
  log: (line) => console.log(line),
  signal: stop.signal,
  check: { ...(values.check ? { verifyEnv: {} } : {}), ...(values.gateway ? { gatewayUrl: values.gateway } : {}) },
});

const ms = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} ms` : 'n/a');
console.log(
  [
    `pings over ${result.transport}: ${Math.round(result.pingsPerSecond)}/s over the run, ${Number.isFinite(result.recentPingsPerSecond) ? Math.round(result.recentPingsPerSecond) : 'n/a'}/s over its last 30 s`,
    `request → offer (at the taxi): p50 ${ms(result.requestToOfferMs.p50)}, p99 ${ms(result.requestToOfferMs.p99)} (${result.requestToOfferMs.count} calls)`,
    `server: projection lag p99 ${ms(result.server.lagP99Ms)}, RSS max ${Math.round(result.server.rssMaxMb)} MB, CPU ${Number.isFinite(result.server.cpuPercent) ? Math.round(result.server.cpuPercent) : 'n/a'} % (${result.server.samples} scrapes of /metrics)`,
    ...(result.leftOpen.length ? [`could not clear ${result.leftOpen.length} rides: ${result.leftOpen.slice(0, 5).join(', ')}`] : []),
    'the city:',
    ...result.check.lines.map((line) => `  ${line}`),
  ].join('\n'),
);
if (values.json) writeFileSync(values.json, JSON.stringify({ settings, channelCapacity: capacity, ...result }, null, 2));
if (result.tally.errorSamples.length > 0) console.log(`errors seen:\n  ${result.tally.errorSamples.join('\n  ')}`);
process.exit(result.tally.errors === 0 && result.leftOpen.length === 0 && (!values.check || result.check.ok) ? 0 : 1);
