import { readFileSync } from 'node:fs';

/**
 * The version in package.json, which sits two folders above this file both in src/ (tsx) and in
 * dist/ (the image copies package.json next to dist/). Read once; "unknown" rather than a crash
 * if a packaging mistake ever leaves it out.
 */
export const buildVersion = (): string => {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
};
