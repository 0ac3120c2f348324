import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM, WEB_DIST, buildConsole, hasChromium, launch } from '../tests/browser/browser.js';
import { startTestApp } from '../tests/support/test-app.js';

/**
 * `npm run bench:web`: the console's production bundle (raw and gzip) and its first load on
 * localhost in Chromium, from the browser's navigation timing; the median of several cold loads.
 */
const LOADS = 7;

const sizes = () => {
  const assets = join(WEB_DIST, 'assets');
  const files = ['index.html', ...readdirSync(assets).map((name) => join('assets', name))];
  return files.map((file) => {
    const bytes = readFileSync(join(WEB_DIST, file));
    return { file, raw: statSync(join(WEB_DIST, file)).size, gzip: gzipSync(bytes, { level: 9 }).length };
  });
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await buildConsole();
const files = sizes();
console.log('| file | raw | gzip |\n|---|---:|---:|');
for (const { file, raw, gzip } of files) console.log(`| ${file.replace(/-[\w-]{8}\./, '-*.')} | ${kb(raw)} | ${kb(gzip)} |`);
const sum = (list: typeof files) => `${kb(list.reduce((s, f) => s + f.raw, 0))} | ${kb(list.reduce((s, f) => s + f.gzip, 0))}`;
// What the sign-in page loads: the entry chunk and its CSS; each role's page is a chunk of its own.
console.log(`| **first load (sign-in)** | ${sum(files.filter((f) => /^(index\.html|assets\/index-)/.test(f.file)))} |`);
console.log(`| **all files** | ${sum(files)} |`);

if (!hasChromium()) {
  console.log(`\nfirst load not measured: no Chromium at ${CHROMIUM}`);
  process.exit(0);
}
const app = await startTestApp();
const browser = await launch();
const timings: { dcl: number; load: number; ready: number }[] = [];
try {
  for (let i = 0; i < LOADS; i += 1) {
    // A fresh context per load: an empty cache, as a first visit.
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(app.url, { waitUntil: 'load' });
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    const timing = await page.evaluate<{ dcl: number; load: number; ready: number }>(
      `(() => { const n = performance.getEntriesByType('navigation')[0]; return { dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd, ready: performance.now() }; })()`,
    );
    timings.push(timing);
    await context.close();
  }
} finally {
  await browser.close();
  await app.stop();
}
const ms = (value: number) => `${Math.round(value)} ms`;
console.log(`\nfirst load on localhost, median of ${LOADS} cold loads (Chromium ${browser.version()}):`);
console.log(
  `  DOMContentLoaded ${ms(median(timings.map((t) => t.dcl)))} · load event ${ms(median(timings.map((t) => t.load)))} · sign-in form shown by ${ms(median(timings.map((t) => t.ready)))}`,
);
