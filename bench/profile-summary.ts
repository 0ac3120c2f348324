import { readFileSync } from 'node:fs';

/**
 * `npx tsx bench/profile-summary.ts FILE.cpuprofile [seconds] [top]`: the busiest functions of a
 * `node --cpu-prof` profile over its last `seconds` (the load window, start-up left out), by self
 * time and by total time (the function and what it calls), each as a share of the busy samples.
 */
type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; endTime: number };

const [file, windowArg, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file!, 'utf8')) as Profile;
const top = Number(topArg ?? 15);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const short = (url: string) =>
  url
    .replace(/^.*node_modules\//, '')
    .replace(/^file:\/\/.*\/src\//, 'src/')
    .replace(/^node:/, 'node:');
const label = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const idle = new Set(['(idle)', '(program)']);

// Sample times, so the window can be the last N seconds.
const times: number[] = [];
let t = 0;
for (const d of profile.timeDeltas) times.push((t += d));
const from = windowArg ? t - Number(windowArg) * 1e6 : 0;

/** Who a function belongs to: its package, its file under src/, or node itself. */
const owner = (n: Node) => {
  const url = n.callFrame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:'))
    return `node:${
      url
        .slice(5)
        .replace(/^internal\//, '')
        .split('/')[0]
    }`;
  if (!url) return n.callFrame.functionName;
  return short(url).replace(/^file:\/\/.*?\/(src|dist)\//, '');
};
const byOwner = new Map<string, number>();
const self = new Map<string, number>();
const total = new Map<string, number>();
let busy = 0;
let all = 0;
for (const [i, id] of profile.samples.entries()) {
  if (times[i]! < from) continue;
  all += 1;
  const node = byId.get(id)!;
  if (idle.has(node.callFrame.functionName)) continue;
  busy += 1;
  self.set(label(node), (self.get(label(node)) ?? 0) + 1);
  byOwner.set(owner(node), (byOwner.get(owner(node)) ?? 0) + 1);
  const seen = new Set<string>();
  for (let n: Node | undefined = node; n; n = byId.get(parent.get(n.id) ?? -1)) {
    const l = label(n);
    if (seen.has(l)) continue;
    seen.add(l);
    total.set(l, (total.get(l) ?? 0) + 1);
  }
}
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`\n${title}\n`);
  for (const [l, n] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`${((100 * n) / busy).toFixed(1).padStart(5)} %  ${l}\n`);
};
process.stdout.write(`busy ${busy} of ${all} samples (${((100 * busy) / Math.max(1, all)).toFixed(1)} %)\n`);
print('self time by owner', byOwner);
print('self time', self);
print('total time', total);
