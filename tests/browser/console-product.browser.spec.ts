import { join } from 'node:path';
import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { devToken } from '../support/sse-client.js';
import { SCREENSHOTS, SKIP_MESSAGE, VEHICLE_NO, consoleUnderTest, hasChromium, signIn } from './browser.js';

const VISIBLE = { timeout: 20_000 };
const PHONE = { width: 390, height: 844 };

/** Two clicks on the map near Gangnam Station and COEX, whose names the gazetteer knows. */
const chooseOnMap = async (page: Page) => {
  const map = page.getByRole('region', { name: /Map of Seoul|서울 지도/ });
  const box = (await map.boundingBox())!;
  await map.click({ position: { x: box.width * 0.5, y: box.height * 0.45 } });
  await map.click({ position: { x: box.width * 0.62, y: box.height * 0.62 } });
};

/**
 * The visible text of the page in words of two or more Latin letters, less what is never
 * translated: people's ids and names, the plate, call ids, units and the map library's name.
 * A script string: the tests are compiled without the DOM's types.
 */
const ENGLISH_WORDS = `(allow) => {
  const words = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
    let text = node.textContent ?? '';
    for (const token of allow) text = text.split(token).join(' ');
    text = text.replace(/\\b[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\\b|\\b[0-9a-f]{8}\\b/g, ' ');
    words.push(...(text.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !['km', 'Leaflet'].includes(word)));
  }
  return words;
}`;
const englishWords = (page: Page, allowed: string[]) => page.evaluate<string[]>(`(${ENGLISH_WORDS})(${JSON.stringify(allowed)})`);

/** Top of the element within the first screen of the viewport. */
const inFirstScreen = async (page: Page, locator: Locator) => {
  const box = await locator.boundingBox();
  return !!box && box.y >= 0 && box.y + Math.min(box.height, 40) <= page.viewportSize()!.height;
};

const drive = async (page: Page, button: string) => {
  await page.getByRole('button', { name: button }).click();
  await expectEnabled(page.getByRole('button', { name: button }));
};
const expectEnabled = (locator: Locator) => locator.and(locator.page().locator(':enabled')).waitFor(VISIBLE);

describe('The console as a product: places, the offer card, the receipt, Korean and a phone', function () {
  this.timeout(180_000);
  if (!hasChromium()) {
    it(SKIP_MESSAGE);
    return;
  }

  const ui = consoleUnderTest({ OFFER_TIMEOUT_MS: '60000' });

  it('plays a map-picked ride in Korean: place names everywhere, the offer card, the receipt and a rating, amounts in 원, no English', async () => {
    const driver = await signIn(ui.browser, ui.app.url, 'driver', 'd-ko', 'ko-KR');
    const passenger = await signIn(ui.browser, ui.app.url, 'passenger', 'p-ko', 'ko-KR');
    const operator = await signIn(ui.browser, ui.app.url, 'operator', 'op-ko', 'ko-KR');

    await driver.page.getByRole('button', { name: '영업 시작' }).click();
    await chooseOnMap(passenger.page);
    const pickupName = await passenger.page.getByTestId('pickup-name').inputValue();
    expect(pickupName).to.match(/^[가-힣]+구( [^ ]+ 부근)?$/);
    const destinationName = await passenger.page.getByTestId('destination-name').inputValue();
    expect(destinationName).to.match(/^[가-힣]+구/);
    await passenger.page.getByTestId('estimate').waitFor(VISIBLE);
    expect(await passenger.page.getByTestId('estimate').textContent()).to.match(/[1-9][\d,]*원/);
    await passenger.page.getByRole('button', { name: '택시 호출' }).click();
    await passenger.page.locator('[data-testid=ride-status][data-status=REQUESTED]').waitFor(VISIBLE);
    // The search's progress, live: the one driver online got the offer.
    await passenger.page.getByTestId('ride-search').filter({ hasText: '지금까지 기사님 1명에게 요청했어요' }).waitFor(VISIBLE);
    await passenger.page.screenshot({ path: join(SCREENSHOTS, 'passenger-searching-ko.png') });

    const offer = driver.page.getByTestId('offer');
    await offer.getByTestId('offer-fare').filter({ hasText: /원$/ }).waitFor(VISIBLE);
    expect(await offer.getByTestId('offer-pickup').textContent()).to.equal(pickupName);
    expect(await offer.getByTestId('offer-ride-type').textContent()).to.equal('일반 택시');
    expect(await offer.getByTestId('offer-to-pickup').textContent()).to.match(/^\d[\d.,]* k?m · \d+분$/);
    expect(Number((await offer.getByTestId('offer-countdown').textContent())!.replace(/\D/g, ''))).to.be.within(1, 60);
    // The offered call is not repeated among the open calls.
    expect(await driver.page.getByTestId('open-call').count()).to.equal(0);
    expect(await englishWords(driver.page, ['d-ko', VEHICLE_NO])).to.deep.equal([]);
    await driver.page.screenshot({ path: join(SCREENSHOTS, 'driver-offer-ko.png'), fullPage: true });

    await offer.getByRole('button', { name: '수락' }).click();
    await operator.page.locator('[data-testid=calls] td.place', { hasText: pickupName }).first().waitFor(VISIBLE);
    await drive(driver.page, '출발지로 이동');
    await driver.page.getByRole('button', { name: '운행 시작' }).click();
    await passenger.page.locator('[data-testid=ride-status][data-status=DRIVING]').waitFor(VISIBLE);
    await drive(driver.page, '도착지로 이동');
    await driver.page.getByRole('button', { name: '운행 종료' }).click();

    await passenger.page.getByTestId('receipt').getByTestId('breakdown').waitFor(VISIBLE);
    expect(await passenger.page.getByTestId('ride-fare').textContent()).to.match(/^[1-9][\d,]*원$/);
    expect(await passenger.page.getByTestId('receipt-route').textContent()).to.contain(pickupName);
    await passenger.page.getByTestId('notifications').getByText(`${destinationName}(으)로 가는 택시를 찾고 있습니다`).waitFor(VISIBLE);
    await passenger.page.getByRole('button', { name: '별점 5점' }).click();
    await passenger.page.getByTestId('rating-done').waitFor(VISIBLE);
    expect(await englishWords(passenger.page, ['p-ko', 'Kim Taxi', VEHICLE_NO])).to.deep.equal([]);
    await passenger.page.screenshot({ path: join(SCREENSHOTS, 'passenger-ko.png'), fullPage: true });

    await operator.page.locator('[data-testid=calls] td[data-testid=call-status][data-status=FINISHED]').first().waitFor(VISIBLE);
    expect(await englishWords(operator.page, ['op-ko', 'd-ko', 'p-ko', 'Kim Taxi', VEHICLE_NO])).to.deep.equal([]);
    await operator.page.screenshot({ path: join(SCREENSHOTS, 'operator-ko.png'), fullPage: true });
    await Promise.all([driver, passenger, operator].map(({ context }) => context.close()));
  });

  it('shows the operator every column of the calls at 1,280 × 800', async () => {
    const { context, page } = await signIn(ui.browser, ui.app.url, 'operator', 'op-wide', 'en-US', { width: 1280, height: 800 });
    await page.locator('[data-testid=calls] table').waitFor(VISIBLE);
    const [scrollWidth, clientWidth] = await page.evaluate<[number, number]>(
      "(() => { const wrap = document.querySelector('[data-testid=calls] .table-wrap'); return [wrap.scrollWidth, wrap.clientWidth]; })()",
    );
    expect(scrollWidth, 'the table is wider than its panel').to.be.at.most(clientWidth);
    await context.close();
  });

  it('keeps an idle operator page to one request per 5 s at most, and shows a new call within seconds all the same', async () => {
    const { context, page } = await signIn(ui.browser, ui.app.url, 'operator', 'op-idle', 'en-US', { width: 1280, height: 800 });
    await page.locator('[data-testid=calls] table').waitFor(VISIBLE);
    await page.waitForTimeout(3_000);
    const asked: string[] = [];
    page.on('request', (request) => asked.push(`${request.method()} ${new URL(request.url()).pathname}`));
    await page.waitForTimeout(30_000);
    expect(asked.length, asked.join('\n')).to.be.at.most(6);

    const passengerToken = await devToken(ui.app.url, 'passenger', 'p-seen-live');
    const created = await fetch(`${ui.app.url}/api/calls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${passengerToken}` },
      body: JSON.stringify({
        pickup: { lat: 37.4979, lng: 127.0276, address: 'Seen live' },
        destination: { lat: 37.5112, lng: 127.0591, address: 'COEX' },
      }),
    });
    expect(created.status).to.equal(201);
    // The calls list has no timer any more: only the stream's word that the calls changed reloads it.
    await page.locator('[data-testid=calls] td.place', { hasText: 'Seen live' }).first().waitFor({ timeout: 10_000 });
    await context.close();
  });

  const MAIN_ACTION = { passenger: { en: 'Request a taxi', ko: '택시 호출' }, driver: { en: 'Go online', ko: '영업 시작' } };
  for (const [role, locale] of [
    ['passenger', 'ko'],
    ['driver', 'ko'],
    ['passenger', 'en'],
    ['driver', 'en'],
  ] as const) {
    it(`puts the map and the main action of the ${role} on a phone's first screen (390 × 844, ${locale})`, async () => {
      const { context, page } = await signIn(ui.browser, ui.app.url, role, `${role}-phone`, locale === 'ko' ? 'ko-KR' : 'en-US', PHONE);
      const map = page.getByRole('region', { name: locale === 'ko' ? '서울 지도' : 'Map of Seoul' });
      const action = page.getByRole('button', { name: MAIN_ACTION[role][locale] });
      await action.waitFor(VISIBLE);
      expect(await inFirstScreen(page, map), 'the map').to.equal(true);
      expect(await inFirstScreen(page, action), 'the main button').to.equal(true);
      await page.screenshot({ path: join(SCREENSHOTS, `${role}-phone-${locale}.png`) });
      await context.close();
    });
  }
});
