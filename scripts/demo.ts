import { parseArgs } from 'node:util';
import { runDemo } from './demo/city.js';

/**
 * `npm run demo -- [url] [--drivers 30] [--minutes 5 | --seconds N] [--request-every 3]`
 * A living city for the console; doubles as a soak run: it exits 1 when any error was seen.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    drivers: { type: 'string', default: '30' },
    minutes: { type: 'string' },
    seconds: { type: 'string' },
    'request-every': { type: 'string', default: '3' },
    tick: { type: 'string', default: '1' },
    speed: { type: 'string', default: '150' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: npm run demo -- [url=http://127.0.0.1:3000] [--drivers 30] [--minutes 5 | --seconds N]
                     [--request-every 3 (s)] [--tick 1 (s)] [--speed 150 (m per tick)]
The server must run with AUTH_MODE=dev (the default). Ctrl-C stops early; the summary reports errors.`);
  process.exit(0);
}

const number = (name: string, value: string | undefined, fallback: number) => {
  const parsed = value === undefined ? fallback : Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    console.error(`--${name} must be a positive number (got ${value})`);
    process.exit(2);
  }
  return parsed;
};

const seconds = values.seconds !== undefined ? number('seconds', values.seconds, 300) : number('minutes', values.minutes, 5) * 60;
const stop = new AbortController();
process.once('SIGINT', () => {
  console.log('\nstopping: taxis go offline, then the final summary…');
  stop.abort();
});

const url = positionals[0] ?? 'http://127.0.0.1:3000';
console.log(`demo city against ${url} for ${seconds} s (Ctrl-C stops early)`);
const tally = await runDemo({
  url,
  drivers: Math.round(number('drivers', values.drivers, 30)),
  seconds,
  requestEveryMs: number('request-every', values['request-every'], 3) * 1000,
  tickMs: number('tick', values.tick, 1) * 1000,
  metersPerTick: number('speed', values.speed, 150),
  reportEveryMs: 5_000,
  log: (line) => console.log(line),
  signal: stop.signal,
});
if (tally.errorSamples.length > 0) console.log(`errors seen:\n  ${tally.errorSamples.join('\n  ')}`);
process.exit(tally.errors === 0 ? 0 : 1);
