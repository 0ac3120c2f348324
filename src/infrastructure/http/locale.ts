import type { Request } from 'express';
import { LOCALES, type Locale } from '../../domain/shared/locale.js';

/**
 * The language the request's Accept-Language prefers among those the service speaks, or undefined
 * when it names none of them (or is absent: express would then answer with the first we offer).
 */
export const acceptedLocale = (req: Request): Locale | undefined => {
  if (!req.get('accept-language')) return undefined;
  const best = req.acceptsLanguages(...LOCALES);
  return LOCALES.find((locale) => locale === best);
};
