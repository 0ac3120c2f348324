import { expect } from 'chai';
import type { EventStore, RecordedEvent } from '../../../src/application/ports/event-store.js';
import { callHistory } from '../../../src/application/queries/call-history.js';
import { callStream } from '../../../src/domain/call/call.js';
import { erasureStream } from '../../../src/domain/privacy/erasure.js';
import { aWholeRide, recordAll } from '../../support/recorded.js';

/** The ride's events on the call's stream, each by the person who did it; erasures on theirs. */
const storeWith = (erased: Array<['passenger' | 'driver', string]>): Pick<EventStore, 'readStream'> => {
  const ride = recordAll([
    ...aWholeRide(),
    { type: 'CallCancelled', data: { callId: 'call-1', reason: 'Going to Gangnam with Kim', cancelledBy: 'passenger', cancelledAt: 't' } },
  ]).map((event): RecordedEvent => {
    const data = event.data as { driverId?: string };
    const actor =
      event.type === 'CallRequested' || event.type === 'CallCancelled'
        ? { role: 'passenger' as const, id: 'p-1' }
        : data.driverId
          ? { role: 'driver' as const, id: data.driverId }
          : event.metadata.actor;
    return { ...event, streamName: callStream('call-1'), metadata: { ...event.metadata, actor } };
  });
  const streams = new Map<string, RecordedEvent[]>([[callStream('call-1'), ride]]);
  for (const [kind, personId] of erased)
    streams.set(erasureStream(kind, personId), recordAll([{ type: 'PersonalDataErased', data: { kind, personId, erasedAt: 't' } }], 100));
  return { readStream: async (name) => streams.get(name) ?? [] };
};

describe('The call history of erased people', () => {
  it('shows every id and the cancel reason while nobody is erased', async () => {
    const history = await callHistory(storeWith([]), 'call-1');
    expect(JSON.stringify(history))
      .to.match(/"p-1"/)
      .and.to.match(/"d-1"/)
      .and.to.match(/Going to Gangnam/);
  });

  it('masks an erased passenger’s id in actors and data, their places and the cancel reason, and keeps the rest', async () => {
    const history = await callHistory(storeWith([['passenger', 'p-1']]), 'call-1');
    const text = JSON.stringify(history);
    expect(text).not.to.match(/"p-1"|Seoul Station|Gangnam/);
    expect(history[0]).to.deep.include({ type: 'CallRequested', actor: { role: 'passenger', id: '[erased]' } });
    expect(history.find((entry) => entry.type === 'RideFinished')!.data).to.deep.include({
      passengerId: '[erased]',
      driverId: 'd-1',
      fare: { amount: 13000, currency: 'KRW' },
    });
    expect(history.map((entry) => entry.type)).to.have.length(10);
  });

  it('masks an erased driver’s id, name and vehicle number, and keeps the passenger’s', async () => {
    const history = await callHistory(storeWith([['driver', 'd-1']]), 'call-1');
    const text = JSON.stringify(history);
    expect(text).not.to.match(/"d-1"|12가3456|"Kim"/);
    expect(text).to.match(/"p-1"/);
    expect(history.find((entry) => entry.type === 'DriverAccepted')).to.deep.include({ actor: { role: 'driver', id: '[erased]' } });
  });
});
