import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { loadConfig } from '../../src/infrastructure/config/config.js';
import { compose } from '../../src/infrastructure/composition-root.js';
import { startRole } from '../../src/infrastructure/roles/start-role.js';
import { streamTicketResponse } from '../../src/infrastructure/http/routes/sse.schemas.js';
import { type ApiClient, apiClient, seoul } from '../support/http-client.js';
import { devToken, openSse } from '../support/sse-client.js';
import { eventually } from '../support/eventually.js';

const TICKET_TTL_MS = 1_500;

describe('Credentials of live streams', () => {
  const lines: string[] = [];
  let url: string;
  let stop: () => Promise<void>;
  let dataDir: string;
  let api: ApiClient;
  before(async () => {
    const sink = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    dataDir = mkdtempSync(join(tmpdir(), 'taxi-tickets-'));
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
      AUTO_DISPATCH: 'off',
      DATA_DIR: dataDir,
      STREAM_TICKET_TTL_MS: String(TICKET_TTL_MS),
    });
    ({ url, stop } = await startRole(await compose(config, { logger: pino({ level: 'debug' }, sink) })));
    api = apiClient(url);
  });
  after(async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stream = async (query: string, headers: Record<string, string> = {}) => {
    const callId = (await api.post('/api/calls', { passengerId: 'p-ticket', pickup: seoul.station, destination: seoul.gangnam })).body.callId;
    const opened = await openSse(`${url}/api/calls/${callId}/events?${query}`, headers);
    if (opened.status === 200) await opened.waitFor((messages) => messages.some((m) => m.event === 'status'));
    opened.close();
    await api.post(`/api/calls/${callId}/cancel`, {});
    return opened.status;
  };
  const ticketOf = async (token: string) => {
    const answer = await api.withToken(token).post('/api/stream-tickets', {});
    expect(answer.status).to.equal(201);
    expect(answer.headers.get('cache-control')).to.equal('no-store');
    return streamTicketResponse.parse(answer.body);
  };

  it('opens a stream with a ticket once, refuses it again or once expired, and never logs a token or a ticket', async function () {
    this.timeout(30_000);
    const token = await devToken(url, 'passenger', 'p-ticket');
    expect(await stream(`access_token=${token}`)).to.equal(200);
    expect(await stream(`access_token=${token.slice(0, -4)}AAAA`)).to.equal(401);

    const { ticket, expiresAt } = await ticketOf(token);
    expect(Date.parse(expiresAt) - Date.now()).to.be.within(0, TICKET_TTL_MS);
    expect(await stream(`ticket=${ticket}`)).to.equal(200);
    expect(await stream(`ticket=${ticket}`), 'a ticket works once').to.equal(401);
    const late = await ticketOf(token);
    await new Promise((resolve) => setTimeout(resolve, TICKET_TTL_MS + 200));
    expect(await stream(`ticket=${late.ticket}`), 'an expired ticket').to.equal(401);
    // Another passenger's ticket is that passenger: their stream of someone else's call is a 404.
    const other = await ticketOf(await devToken(url, 'passenger', 'p-other'));
    expect(await stream(`ticket=${other.ticket}`)).to.equal(404);

    // Six streams opened: each is one access-log line once it ends.
    await eventually(() => lines.filter((line) => line.includes('/events?')).length >= 6, 5_000, 'the streams logged');
    expect(lines.filter((line) => line.includes('/events?ticket=[redacted]'))).to.have.length(4);
    const log = lines.join('\n');
    expect(log).to.contain('access_token=[redacted]');
    for (const secret of [token, token.split('.')[2]!, ticket, late.ticket, other.ticket]) expect(log).not.to.contain(secret);
  });
});
