import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { compose } from '../../src/infrastructure/composition-root.js';
import { startRole } from '../../src/infrastructure/roles/start-role.js';
import { apiClient } from '../support/http-client.js';
import { eventually } from '../support/rides.js';

/** Personal data of this test only: finding any of it in a log line is a leak. */
const pickup = { lat: 37.5112, lng: 127.0981, address: 'Lotte World Tower, Olympic-ro 300' };
const destination = { lat: 37.5796, lng: 126.977, address: 'Gyeongbokgung, Sajik-ro 161' };
const driver = { name: 'Hong Gildong', vehicleNo: '98허7654' };
const SECRETS = [
  pickup.address,
  destination.address,
  driver.name,
  driver.vehicleNo,
  'Lotte World',
  'Gyeongbokgung',
  'Gildong',
  '7654',
  '37.5112',
  '127.0981',
];

describe('Logs at info level and above', () => {
  it('carry ids only: a whole ride logs no address, name or vehicle number', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const dataDir = mkdtempSync(join(tmpdir(), 'taxi-logs-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AUTO_DISPATCH: 'off', DATA_DIR: dataDir });
    const container = await compose(config, { logger: pino({ level: 'info' }, sink) });
    const { url, stop } = await startRole(container);
    try {
      const api = apiClient(url);
      const { body: registered } = await api.post('/api/drivers', driver);
      const driverId = registered.driverId as string;
      await api.post(`/api/drivers/${driverId}/online`, { location: { lat: pickup.lat, lng: pickup.lng } });
      const { body: requested } = await api.post('/api/calls', { passengerId: 'p-logs', pickup, destination });
      const callId = requested.callId as string;
      await api.post(`/api/calls/${callId}/accept`, { driverId });
      await api.post(`/api/calls/${callId}/start`, { driverId });
      expect((await api.post(`/api/calls/${callId}/finish`, { driverId })).status).to.equal(200);
      // The notifier logs each notification; the ride is over for the log once its last one is there.
      await eventually(() => lines.filter((line) => line.includes('"msg":"notification"')).length >= 4, 10_000, 'the ride’s notifications logged');
    } finally {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const notifications = lines.filter((line) => line.includes('"msg":"notification"'));
    expect(notifications.join('\n')).to.contain('p-logs');
    for (const secret of SECRETS) {
      expect(
        lines.filter((line) => line.includes(secret)),
        secret,
      ).to.deep.equal([]);
    }
  });
});
