import type { Locale } from './locale.js';
import { DomainError } from './domain-error.js';

/**
 * How a person wants to be reached: `app` only (nothing sent outside the app), KakaoTalk
 * `alimtalk` (SMS when KakaoTalk refuses it), `sms`, or the signed `webhook`.
 */
export const CHANNELS = ['app', 'alimtalk', 'sms', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** `null`: not chosen; the service's default applies (see channelOf). The phone is personal data. */
export type ContactPreferences = { locale: Locale | null; channel: Channel | null; phone: string | null };
/** What a person changes: an absent field keeps what was stored. */
export type PreferenceChanges = { [Field in keyof ContactPreferences]?: ContactPreferences[Field] | undefined };

export const NO_PREFERENCES: ContactPreferences = { locale: null, channel: null, phone: null };

export const mergePreferences = (current: ContactPreferences, changes: PreferenceChanges): ContactPreferences => ({
  locale: changes.locale ?? current.locale,
  channel: changes.channel ?? current.channel,
  phone: changes.phone ?? current.phone,
});

export const samePreferences = (a: ContactPreferences, b: ContactPreferences) =>
  a.locale === b.locale && a.channel === b.channel && a.phone === b.phone;

/** A text or KakaoTalk channel without a number would silently reach nobody: refused when chosen. */
export const refuseUnreachable = (preferences: ContactPreferences): void => {
  if ((preferences.channel === 'alimtalk' || preferences.channel === 'sms') && !preferences.phone) {
    throw new DomainError('PHONE_REQUIRED', `The ${preferences.channel} channel needs a phone number`, { channel: preferences.channel });
  }
};

/**
 * The channel a person is reached on: the chosen one, else KakaoTalk for someone the service
 * knows only by phone (a phone booking), else the webhook the service always had.
 */
export const channelOf = (preferences: ContactPreferences): Channel => preferences.channel ?? (preferences.phone ? 'alimtalk' : 'webhook');
