import { readFileSync } from 'node:fs';

/** The application's version, as package.json says (two levels up from both src/ and dist/ here). */
export const packageVersion = (): string => {
  const file = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
};
