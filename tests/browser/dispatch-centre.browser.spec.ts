import { join } from 'node:path';
import { expect } from 'chai';
import { SCREENSHOTS, SKIP_MESSAGE, consoleUnderTest, devToken, hasChromium, signIn } from './browser.js';

const VISIBLE = { timeout: 20_000 };
const SEOUL_STATION = { lat: 37.5547, lng: 126.9707 };
const GANGNAM = { lat: 37.4979, lng: 127.0276 };

/** The API as a person of the given role, for what the test sets up around the page under test. */
const as = async (url: string, role: 'passenger' | 'driver' | 'operator', subject: string) => {
  const token = await devToken(url, role, subject);
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
  };
};

describe('The dispatch centre and the driver’s session, in Chromium', function () {
  this.timeout(180_000);
  if (!hasChromium()) {
    it(SKIP_MESSAGE);
    return;
  }

  const ui = consoleUnderTest({ AUTO_DISPATCH: 'off' });

  it('lets a driver who reloads the page mid-ride find the ride and finish it', async () => {
    const { context, page } = await signIn(ui.browser, ui.app.url, 'driver', 'd-reload');
    await page.getByRole('button', { name: 'Go online' }).click();
    await page.getByTestId('driver-status').filter({ hasText: 'online' }).waitFor(VISIBLE);
    const passenger = await as(ui.app.url, 'passenger', 'p-reload');
    const { body } = await passenger('POST', '/api/calls', {
      pickup: { ...SEOUL_STATION, address: 'Seoul Station' },
      destination: { ...GANGNAM, address: 'Gangnam Station' },
    });
    await page.getByTestId('open-call').getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('button', { name: 'Drive to pickup' }).click();
    await page.getByRole('button', { name: 'Drive to pickup' }).and(page.locator(':enabled')).waitFor(VISIBLE);
    await page.getByRole('button', { name: 'Start the ride' }).click();
    await page.locator('[data-testid=driver-ride-status][data-status=DRIVING]').waitFor(VISIBLE);

    await page.reload();
    await page.locator('[data-testid=driver-ride-status][data-status=DRIVING]').waitFor(VISIBLE);
    expect(await page.getByTestId('driver-status').textContent()).to.equal('on a ride');
    await page.getByRole('button', { name: 'Finish the ride' }).click();
    await page.getByTestId('driver-fare').waitFor(VISIBLE);
    const call = await passenger('GET', `/api/calls/${String(body.callId)}`);
    expect(call.body.status).to.equal('FINISHED');
    await context.close();
  });

  it('lets an operator book a call by phone, give it to a taxi, and finish the ride when it is stuck', async () => {
    const operatorApi = await as(ui.app.url, 'operator', 'op-centre');
    const driverApi = await as(ui.app.url, 'driver', 'd-centre');
    await driverApi('POST', '/api/drivers', { name: 'Choi', vehicleNo: '34나5678' });
    await driverApi('POST', '/api/drivers/d-centre/online', { location: SEOUL_STATION });

    const { context, page } = await signIn(ui.browser, ui.app.url, 'operator', 'op-centre');
    const booking = page.getByTestId('booking');
    await booking.getByLabel('Phone number').fill('010-5555-1234');
    await booking.getByLabel('Passenger name').fill('Grandma Lee');
    await booking.getByRole('combobox', { name: 'Destination' }).selectOption({ label: 'Gangnam Station' });
    await booking.getByRole('button', { name: 'Book a taxi' }).click();
    await booking.getByTestId('outcome').and(page.locator('[data-ok=yes]')).waitFor(VISIBLE);

    const actions = page.getByTestId('call-actions');
    await actions.getByRole('combobox', { name: 'Give the call to' }).selectOption({ value: 'd-centre' });
    await actions.getByRole('button', { name: 'Assign' }).click();
    await actions.getByTestId('outcome').filter({ hasText: 'Done: Taxi on the way' }).waitFor(VISIBLE);
    const callId = (await page.getByTestId('timeline').locator('h3').textContent())!.split('·')[1]!.trim();

    // The taxi picks the passenger up and then goes silent: the ride is stuck DRIVING.
    await driverApi('PUT', '/api/drivers/d-centre/location', SEOUL_STATION);
    expect((await driverApi('POST', `/api/calls/${callId}/start`, {})).status).to.equal(200);
    await page.getByTestId('timeline').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: `${callId.slice(0, 8)} — Timeline` }).click();
    await actions.getByLabel('Reason (kept in the call history)').fill('Driver unreachable, passenger arrived');
    await actions.getByRole('button', { name: 'Finish the ride' }).click();
    await actions.getByTestId('outcome').filter({ hasText: 'Done: Finished' }).waitFor(VISIBLE);
    await page.getByTestId('timeline').getByText('Driver unreachable, passenger arrived').first().waitFor(VISIBLE);
    await page.screenshot({ path: join(SCREENSHOTS, 'operator-centre.png'), fullPage: true });

    const history = await operatorApi('GET', `/api/calls/${callId}/history`);
    const body = history.body as unknown as
      { type: string; actor: { role: string; id: string } }[] | { items: { type: string; actor: { role: string; id: string } }[] };
    const items = Array.isArray(body) ? body : body.items;
    expect(items.filter((item) => item.actor?.role === 'operator').map((item) => item.actor.id)).to.include('op-centre');
    await context.close();
  });
});
