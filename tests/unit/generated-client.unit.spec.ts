import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { clientSources } from '../../client/generate.js';

/**
 * The committed spec and client types are generated from the route declarations; a route changed
 * without `npm run client:generate` fails here, without starting a server.
 */
describe('The generated client', () => {
  let generated: { spec: string; schema: string };
  before(async () => {
    generated = await clientSources();
  });

  it('client/openapi.json is the document the routes declare', () => {
    expect(readFileSync(new URL('../../client/openapi.json', import.meta.url), 'utf8')).to.equal(generated.spec);
  });

  it('client/schema.d.ts is the types generated from that document', () => {
    expect(readFileSync(new URL('../../client/schema.d.ts', import.meta.url), 'utf8')).to.equal(generated.schema);
  });
});
