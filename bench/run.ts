import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { appendBench } from './append.bench.js';
import { cityBench } from './city.bench.js';
import { commandBench } from './commands.bench.js';
import { durabilityBench } from './durability.bench.js';
import { channelPingRows } from './channel.bench.js';
import { geoBench } from './geo.bench.js';
import { leasesBench } from './leases.bench.js';
import { httpBench } from './http.bench.js';
import { peerBench } from './peer.bench.js';
import { projectionLagBench } from './projection-lag.bench.js';
import { rebuildBench } from './rebuild.bench.js';
import { type BenchOptions, type BenchRow, formatTable } from './table.js';

/**
 * `npm run bench [-- --quick] [-- --only append,http] [-- --json out.json]`
 * Runs every section in this order, each measuring its own baseline in the same run, and prints
 * one table on stdout (progress goes to stderr). Sections run one after the other, never
 * overlapping, because this machine has two cores and each section wants them both.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const valueOf = (flag: string) => {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
};
const only = valueOf('--only')?.split(',');
const jsonOut = valueOf('--json');
const options: BenchOptions = { quick };

const wanted = (name: string) => !only || only.includes(name);

const machine = () => {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}, ${process.platform}`;
};

const main = async () => {
  const started = Date.now();
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const rows: BenchRow[] = [];
  const section = async (name: string, run: () => Promise<BenchRow[]>) => {
    if (!wanted(name)) return;
    process.stderr.write(`${name}…\n`);
    try {
      rows.push(...(await run()));
    } catch (error) {
      // One broken section must not hide the others' figures; the row says what happened.
      process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      rows.push({
        section: name,
        name: `FAILED: ${error instanceof Error ? error.message : String(error)}`,
        value: '–',
        unit: '',
        target: null,
        met: false,
      });
    }
  };

  await section('append', () => appendBench(options));
  await section('commands', () => commandBench(options));
  await section('http', () => httpBench(options));
  await section('peer', () => peerBench(options));
  await section('projection-lag', () => projectionLagBench(options));
  await section('rebuild', () => rebuildBench(options));
  await section('durability', () => durabilityBench(options));
  await section('geo', () => geoBench(options));
  // The geo section ends with the channel's rows; `--only channel` runs them alone.
  if (only?.includes('channel')) await section('channel', () => channelPingRows(options));
  await section('leases', () => leasesBench(options));
  await section('city', () => cityBench(options));

  const loadAfter = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  console.log(`\nTaxi dispatch benchmarks — ${quick ? 'quick' : 'full'} run, ${new Date().toISOString()}, ${minutes} min`);
  console.log(`Machine: ${machine()}; load average before ${loadBefore}, after ${loadAfter}\n`);
  console.log(formatTable(rows));
  const missed = rows.filter((row) => row.met === false);
  console.log(
    `\n${rows.filter((row) => row.met === true).length} targets met, ${missed.length} missed${missed.length ? `: ${missed.map((row) => row.name).join('; ')}` : ''}`,
  );
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ quick, machine: machine(), loadBefore, loadAfter, rows }, null, 2));
};

await main();
// Child processes and sockets are closed by each section; exit anyway so a leaked timer cannot hold the run.
process.exit(0);
