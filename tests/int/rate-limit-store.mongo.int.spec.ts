import { expect } from 'chai';
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { perIpLimit } from '../../src/infrastructure/http/abuse-limits.js';
import { mongoRateLimitStores } from '../../src/infrastructure/http/rate-limits/mongo-rate-limit-store.js';
import { isFerretDb, mongoSuite, scratchMongoDb } from '../support/mongo-test-db.js';
import { eventually } from '../support/eventually.js';

mongoSuite('Rate limits shared across replicas — MongoDB / FerretDB', (url) => {
  const db = scratchMongoDb(url, 'rate_test');
  const running: Array<{ server: Server; close: () => Promise<void> }> = [];
  afterEach(async () => {
    for (const { server, close } of running.splice(0)) {
      await new Promise((resolve) => server.close(resolve));
      await close();
    }
  });

  /** One API replica: its own process memory, the limits counted in the shared database. */
  const replica = async (limit: number, windowMs = 60_000) => {
    const stores = mongoRateLimitStores(url, db.dbName);
    const app = express();
    for (const limiter of perIpLimit({ windowMs, perIp: limit, perSubject: 0, store: stores.storeFor })) app.use(limiter);
    app.post('/command', (_req, res) => res.status(201).json({}));
    const server = await new Promise<Server>((resolve) => {
      const started = app.listen(0, '127.0.0.1', () => resolve(started));
    });
    running.push({ server, close: stores.close });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/command`;
  };
  const post = (target: string) => fetch(target, { method: 'POST' }).then((r) => r.status);

  it('counts one client across two replicas: the limit holds in total, not per replica', async () => {
    const [a, b] = [await replica(4), await replica(4)];
    const statuses = [await post(a), await post(b), await post(a), await post(b), await post(a), await post(b)];
    expect(statuses).to.deep.equal([201, 201, 201, 201, 429, 429]);
  });

  it('counts concurrent hits exactly once each (MongoDB; FerretDB 1.x updates are not atomic)', async function () {
    // README, "FerretDB is not MongoDB" item 8: FerretDB runs an $inc as read-then-write, so two
    // concurrent hits may count once there. MongoDB counts each exactly once, which this asserts.
    if (await isFerretDb(url)) {
      console.log('      skipped: FerretDB 1.x does not apply concurrent $inc atomically; run against MongoDB for this check');
      this.skip();
    }
    const [a, b] = [await replica(10), await replica(10)];
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => post(i % 2 === 0 ? a : b)));
    expect(statuses.filter((s) => s === 201)).to.have.length(10);
  });

  it('starts a new window once the old one has expired', async () => {
    const a = await replica(1, 300);
    expect(await post(a)).to.equal(201);
    expect(await post(a)).to.equal(429);
    // Each try is a request of its own: the one that lands after the window expired is let through.
    await eventually(async () => (await post(a)) === 201, 5_000, 'a request let through in the next window', 100);
  });
});
