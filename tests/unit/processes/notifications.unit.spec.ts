import { expect } from 'chai';
import { PassengerDirectory, draftNotification, toOutgoing } from '../../../src/application/notifications/outgoing-notifications.js';
import type { LogEvent } from '../../../src/domain/events.js';
import { aWholeRide, looseEvent, recordAll } from '../../support/recorded.js';

const ride = recordAll(aWholeRide('c-1', 'p-1', 'd-1'));
const byType = (type: string) => ride.find((e) => e.type === type)!;
const one = (event: LogEvent) => recordAll([event])[0]!;

describe('Outgoing notifications', () => {
  describe('for the passenger', () => {
    it('tells every status change of a whole ride, and nothing else', () => {
      expect(
        ride
          .map(draftNotification)
          .filter((d) => d !== null)
          .map((d) => d.content('en').kind),
      ).to.deep.equal(['CALL_REQUESTED', 'CALL_DISPATCHED', 'RIDE_STARTED', 'RIDE_FINISHED', 'PAYMENT_APPROVED']);
    });

    it('knows the passenger from events that carry it and leaves the rest to a look-up', () => {
      expect(draftNotification(byType('CallRequested'))).to.deep.include({ audience: 'passenger', passengerId: 'p-1' });
      expect(draftNotification(byType('PaymentApproved'))).to.deep.include({ audience: 'passenger', passengerId: null });
    });

    it('identifies each notification by the event it reports, so a redelivery is recognisably the same', () => {
      const event = byType('RideFinished');
      const outgoing = toOutgoing(event, draftNotification(event)!, { role: 'passenger', id: 'p-1' }, 'en');
      expect(outgoing).to.deep.include({
        notificationId: event.eventId,
        callId: 'c-1',
        kind: 'RIDE_FINISHED',
        status: 'FINISHED',
        createdAt: event.metadata.timestamp,
      });
      expect(outgoing.message).to.contain('13,000 KRW');
    });

    it('speaks Korean as a Korean taxi app writes it, amounts in 원, the plate before the driver', () => {
      const message = (type: string) => draftNotification(byType(type))!.content('ko').message;
      expect(message('RideFinished')).to.equal('[택시] 목적지에 도착했습니다. 요금은 13,000원입니다.');
      expect(message('DriverAccepted')).to.match(/^\[택시\] \S+ .+ 기사님이 배차되었습니다\./);
      expect(message('PaymentApproved')).to.equal('[택시] 결제가 완료되었습니다. 이용해 주셔서 감사합니다.');
    });

    it('tells a passenger whose ride an operator cancelled, and that the payment was refunded', () => {
      const cancelled = one({ type: 'CallCancelled', data: { callId: 'c-1', reason: null, cancelledBy: 'operator', cancelledAt: 't' } });
      const refunded = one({ type: 'PaymentRefunded', data: { paymentId: 'pay-c-1', callId: 'c-1', gatewayReference: 're_1', refundedAt: 't' } });
      expect([draftNotification(cancelled)!.content('en').kind, draftNotification(refunded)!.content('en').kind]).to.deep.equal([
        'CALL_CANCELLED',
        'PAYMENT_REFUNDED',
      ]);
    });
  });

  describe('for the driver', () => {
    it('tells a driver whose assignment was cancelled', () => {
      const released = one({ type: 'DriverReleased', data: { driverId: 'd-1', callId: 'c-1', reason: 'CALL_CANCELLED', at: 't' } });
      expect(draftNotification(released)).to.deep.include({ audience: 'driver', driverId: 'd-1', callId: 'c-1' });
      expect(draftNotification(released)!.content('en').kind).to.equal('ASSIGNMENT_CANCELLED');
    });

    it('says who cancelled: the customer centre or the passenger (defect 4)', () => {
      const by = (cancelledBy: 'operator' | 'passenger') =>
        draftNotification(
          one({ type: 'DriverReleased', data: { driverId: 'd-1', callId: 'c-1', reason: 'CALL_CANCELLED', at: 't', cancelledBy } }),
        )!.content('en').message;
      expect(by('operator')).to.contain('customer centre cancelled');
      expect(by('passenger')).to.contain('passenger cancelled');
    });

    it('does not bother a driver released at the end of a ride', () => {
      expect(draftNotification(one({ type: 'DriverReleased', data: { driverId: 'd-1', callId: 'c-1', reason: 'RIDE_FINISHED', at: 't' } }))).to.equal(
        null,
      );
    });
  });

  describe('the passenger directory', () => {
    it('learns the passenger of a call and forgets the oldest calls past its capacity', () => {
      const directory = new PassengerDirectory(2);
      for (const callId of ['c-1', 'c-2', 'c-3'])
        directory.learn(one(looseEvent('CallRequested', { callId, passengerId: `p-${callId}`, locale: 'ko' })));
      expect([directory.get('c-1'), directory.get('c-2')?.passengerId, directory.get('c-3')?.passengerId]).to.deep.equal([
        undefined,
        'p-c-2',
        'p-c-3',
      ]);
    });

    it('learns the language from the request, English for a call requested before there was a choice, and none from later events', () => {
      const directory = new PassengerDirectory();
      directory.learn(one(looseEvent('CallRequested', { callId: 'c-ko', passengerId: 'p-1', locale: 'ko' })));
      directory.learn(one(looseEvent('CallRequested', { callId: 'c-old', passengerId: 'p-2' })));
      directory.learn(byType('RideStarted'));
      expect([directory.get('c-ko'), directory.get('c-old'), directory.get('c-1')]).to.deep.equal([
        { passengerId: 'p-1', locale: 'ko' },
        { passengerId: 'p-2', locale: 'en' },
        { passengerId: 'p-1', locale: null },
      ]);
    });
  });
});
