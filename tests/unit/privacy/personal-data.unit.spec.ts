import { expect } from 'chai';
import { ERASED, erasedValue, personalDataOwner } from '../../../src/domain/privacy/personal-data.js';
import { open, seal } from '../../../src/infrastructure/privacy/field-cipher.js';

const key = Buffer.alloc(32, 7);
const pickup = { lat: 37.5547, lng: 126.9707, address: 'Seoul Station' };

describe('Personal data', () => {
  it('names the owner of a call request and its personal fields', () => {
    const owner = personalDataOwner('CallRequested', { passengerId: 'p-1', pickup, destination: pickup });
    expect(owner?.subject).to.equal('passenger:p-1');
    expect(owner?.spec.fields).to.deep.equal(['pickup', 'destination']);
  });

  it('has no owner for an event without personal fields', () => {
    expect(personalDataOwner('RideStarted', { passengerId: 'p-1' })).to.equal(null);
  });

  it('erases a place to its shape: text as [erased], coordinates as null', () => {
    expect(erasedValue(pickup)).to.deep.equal({ lat: null, lng: null, address: ERASED });
  });

  describe('the field cipher', () => {
    it('opens what it sealed', () => {
      const envelope = seal(key, 'passenger:p-1', 'CallRequested', { pickup });
      expect(envelope.ct).not.to.contain('Seoul');
      expect(open(key, 'CallRequested', envelope)).to.deep.equal({ pickup });
    });

    it('seals every event under its own IV, across many refills of the IV pool, and opens each', () => {
      const envelopes = Array.from({ length: 1_000 }, (_, i) => seal(key, 'passenger:p-1', 'CallRequested', { pickup, i }));
      expect(new Set(envelopes.map((envelope) => envelope.iv)).size).to.equal(1_000);
      expect(envelopes.map((envelope) => open(key, 'CallRequested', envelope)?.i)).to.deep.equal(envelopes.map((_, i) => i));
    });

    it('does not open with another key', () => {
      const envelope = seal(key, 'passenger:p-1', 'CallRequested', { pickup });
      expect(open(Buffer.alloc(32, 8), 'CallRequested', envelope)).to.equal(null);
    });

    it('does not open an envelope moved to another person', () => {
      const envelope = seal(key, 'passenger:p-1', 'CallRequested', { pickup });
      expect(open(key, 'CallRequested', { ...envelope, subject: 'passenger:p-2' })).to.equal(null);
    });
  });
});
