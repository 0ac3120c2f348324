import { z } from 'zod';
import { CHANNELS } from '../../../domain/shared/contact-preferences.js';
import { LOCALES } from '../../../domain/shared/locale.js';
import { phoneSchema } from './centre.schemas.js';

/** Only the fields sent change; at least one is needed. */
export const preferencesBody = z
  .object({
    locale: z.enum(LOCALES).optional().describe('The language messages are written in'),
    channel: z.enum(CHANNELS).optional().describe('`app`: nothing sent outside the app; `alimtalk`: KakaoTalk, SMS when refused; `sms`; `webhook`'),
    phone: phoneSchema.optional().describe('The number AlimTalk and SMS go to (sealed personal data)'),
  })
  .strict()
  .refine(
    (body) => body.locale !== undefined || body.channel !== undefined || body.phone !== undefined,
    'set at least one of locale, channel, phone',
  );

const storedPreferences = {
  locale: z.enum(LOCALES).nullable(),
  channel: z.enum(CHANNELS).nullable().describe('null: not chosen — AlimTalk for someone known by phone, else the webhook'),
  phone: z.string().nullable(),
  position: z.number().int().describe('The log position of the change, for minPosition'),
};
export const passengerPreferencesResponse = z.object({ passengerId: z.string(), ...storedPreferences });
export const driverPreferencesResponse = z.object({ driverId: z.string(), ...storedPreferences });
