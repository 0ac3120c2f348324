import { writeFileSync } from 'node:fs';
import { clientSources } from '../client/generate.js';

/** `npm run client:generate`: the spec as the app serves it, and the client types from it. */
const { spec, schema } = await clientSources();
writeFileSync(new URL('../client/openapi.json', import.meta.url), spec);
writeFileSync(new URL('../client/schema.d.ts', import.meta.url), schema);
console.log('client/openapi.json and client/schema.d.ts written');
