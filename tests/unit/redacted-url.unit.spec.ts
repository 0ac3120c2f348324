import { expect } from 'chai';
import { redactedUrl } from '../../src/infrastructure/http/request-context.js';

describe('The URL a log line shows', () => {
  it('keeps a path and its harmless query as they are', () => {
    expect(redactedUrl('/api/calls/c-1/events')).to.equal('/api/calls/c-1/events');
    expect(redactedUrl('/api/calls?limit=20&status=FINISHED')).to.equal('/api/calls?limit=20&status=FINISHED');
  });

  it('redacts every value whose name may carry a credential, however it is spelled', () => {
    expect(redactedUrl('/api/calls/c-1/events?access_token=eyJ.a.b&lastEventId=7')).to.equal(
      '/api/calls/c-1/events?access_token=[redacted]&lastEventId=7',
    );
    expect(redactedUrl('/x?ticket=abc&id_token=t&API_KEY=k&client_secret=s')).to.equal(
      '/x?ticket=[redacted]&id_token=[redacted]&API_KEY=[redacted]&client_secret=[redacted]',
    );
    expect(redactedUrl('/x?access%5Ftoken=eyJ.a.b&ticket=%ZZ')).to.equal('/x?access%5Ftoken=[redacted]&ticket=[redacted]');
    expect(redactedUrl('/x?ticket=a&ticket=b')).to.equal('/x?ticket=[redacted]&ticket=[redacted]');
  });
});
