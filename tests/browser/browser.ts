import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type TestApp, startTestApp } from '../support/test-app.js';

/** Debian's Chromium; nothing here ever downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = () => existsSync(CHROMIUM);
export const SKIP_MESSAGE = `browser tests skipped: no Chromium at ${CHROMIUM} (install it with \`apt-get update && apt-get install -y chromium\`, or set CHROMIUM_PATH)`;

export const WEB_DIST = resolve('web/dist');
/**
 * Where a run's screenshots go: a scratch folder of its own (open them there), so that a run does
 * not rewrite the ones tracked in docs/screenshots with pixel noise. `UPDATE_SCREENSHOTS=1` writes
 * the tracked ones, for when the console really changed.
 */
export const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? resolve('docs/screenshots') : join(tmpdir(), 'taxi-console-screenshots');

/**
 * The production build the api role serves, made once per run (vite takes about a second). In its
 * own process: vite's resolver and the tsx loader mocha runs under do not mix.
 */
export const buildConsole = () =>
  promisify(execFile)(process.execPath, [resolve('node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });

export const VEHICLE_NO = 'SEOUL 12-3456';

export type Role = 'passenger' | 'driver' | 'operator';

/** A fresh browser profile signed in through the console's own development sign-in form. */
export const signIn = async (
  browser: Browser,
  url: string,
  role: Role,
  id: string,
  locale = 'en-US',
  viewport = { width: 1280, height: 860 },
): Promise<{ context: BrowserContext; page: Page }> => {
  const context = await browser.newContext({ locale, viewport, isMobile: viewport.width < 600, hasTouch: viewport.width < 600 });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel(locale.startsWith('ko') ? '역할' : 'Role').selectOption(role);
  await page.getByLabel(locale.startsWith('ko') ? '아이디' : 'Id', { exact: true }).fill(id);
  // A plate in Latin letters: this machine's Chromium may have no Hangul font for the screenshots.
  if (role === 'driver') await page.getByLabel(locale.startsWith('ko') ? '차량 번호' : 'Vehicle number').fill(VEHICLE_NO);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(`**/${role}`);
  return { context, page };
};

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
type AxeViolation = { id: string; impact: string | null; help: string; nodes: { target: string[] }[] };

/** axe-core's serious and critical findings on the page as it is now. */
export const seriousViolations = async (page: Page) => {
  // Evaluated, not added as a <script>: the console's CSP rightly refuses inline scripts.
  await page.evaluate(readFileSync(axeSource, 'utf8'));
  const result = await page.evaluate<{ violations: AxeViolation[] }>('axe.run(document, { resultTypes: ["violations"] })');
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.impact} ${violation.id}: ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
};

/** A token minted the way the console does, for probing which endpoints this server has. */
export const devToken = async (url: string, role: Role, subject: string) => {
  const res = await fetch(`${url}/api/dev/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, subject }),
  });
  return ((await res.json()) as { token: string }).token;
};

/**
 * The console served by a test app and a browser to look at it, for one describe block: built,
 * started and launched before its tests, closed after them.
 */
export const consoleUnderTest = (env: Record<string, string> = {}) => {
  const ui = {} as { app: TestApp; browser: Browser };
  before(async () => {
    await buildConsole();
    mkdirSync(SCREENSHOTS, { recursive: true });
    ui.app = await startTestApp({ WEB_DIST_DIR: WEB_DIST, ...env });
    ui.browser = await launch();
  });
  after(async () => {
    await ui.browser?.close();
    await ui.app?.stop();
  });
  return ui;
};
