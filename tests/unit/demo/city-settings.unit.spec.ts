import { expect } from 'chai';
import { CallLedger } from '../../../scripts/demo/passengers.js';
import { channelCapacityOf, parseSample, percentile } from '../../../scripts/demo/server-metrics.js';
import { demoSettings } from '../../../scripts/demo/settings.js';

const refuse = (message: string): never => {
  throw new Error(message);
};

describe('The demo city', () => {
  describe('its settings', () => {
    it('runs the Seoul-sized city with --profile city', () => {
      expect(demoSettings({ profile: 'city' }, refuse)).to.deep.equal({
        drivers: 20_000,
        seconds: 600,
        callsPerSecond: 20,
        tickMs: 5_000,
        metersPerTick: 1_000,
        transport: 'auto',
        processes: 4,
      });
    });

    it('lets the command line override the profile', () => {
      const settings = demoSettings({ profile: 'city', drivers: '500', minutes: '2', 'calls-per-second': '2', processes: '0' }, refuse);
      expect([settings.drivers, settings.seconds, settings.callsPerSecond, settings.processes, settings.tickMs]).to.deep.equal([
        500, 120, 2, 0, 5_000,
      ]);
    });

    it('keeps the defaults of the first demo, and its --request-every', () => {
      const settings = demoSettings({ 'request-every': '4' }, refuse);
      expect([settings.drivers, settings.seconds, settings.callsPerSecond, settings.tickMs]).to.deep.equal([30, 300, 0.25, 1_000]);
    });

    it('refuses an unknown profile, a bad number and an unknown transport', () => {
      expect(() => demoSettings({ profile: 'tokyo' }, refuse)).to.throw('--profile must be one of city');
      expect(() => demoSettings({ drivers: '-3' }, refuse)).to.throw('--drivers must be a number');
      expect(() => demoSettings({ transport: 'pigeon' }, refuse)).to.throw('--transport must be auto, channel or http');
    });
  });

  describe('reading /metrics of the server', () => {
    const text = [
      '# HELP taxi_projection_lag_seconds Age of the oldest event not applied',
      'taxi_projection_lag_seconds{projection="dashboard",role="all"} 0.5',
      'taxi_projection_lag_seconds{projection="drivers",role="all"} 1.25',
      'taxi_projection_lag_events{projection="drivers",role="all"} 40',
      'taxi_process_resident_memory_bytes{role="all"} 209715200',
      'taxi_process_cpu_seconds_total{role="all"} 12.5',
      'taxi_channel_capacity{role="all"} 18976',
    ].join('\n');

    it("takes the server's driver channel capacity, and none where it gives none", () => {
      expect(channelCapacityOf(text)).to.equal(18_976);
      expect(channelCapacityOf('taxi_channel_open{role="all"} 3')).to.equal(null);
    });

    it('takes the lag of the worst read model, the resident memory and the CPU time', () => {
      expect(parseSample(text, 7)).to.deep.equal({ at: 7, lagSeconds: 1.25, rssBytes: 209_715_200, cpuSeconds: 12.5 });
    });

    it('takes percentiles by rank', () => {
      const values = Array.from({ length: 100 }, (_, i) => 100 - i);
      expect([percentile(values, 50), percentile(values, 99), percentile(values, 100)]).to.deep.equal([50, 99, 100]);
    });
  });

  describe('its ledger of calls', () => {
    it('times request → offer from the first offer, even one that reached a taxi before the answer to the request', () => {
      const ledger = new CallLedger();
      ledger.offerSeen('c1', 1_300);
      ledger.add({ callId: 'c1', passengerId: 'p1', token: 't', requestedAt: 1_000 });
      ledger.add({ callId: 'c2', passengerId: 'p2', token: 't', requestedAt: 2_000 });
      ledger.offerSeen('c2', 2_900);
      ledger.offerSeen('c2', 2_400);
      ledger.closed('c1');
      expect(ledger.requestToOffer()).to.deep.equal([300, 400]);
      expect(ledger.open().map((call) => call.callId)).to.deep.equal(['c2']);
    });
  });
});
