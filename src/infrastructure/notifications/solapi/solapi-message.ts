import { createHmac, randomBytes } from 'node:crypto';

/** One message as SOLAPI's `messages/v4/send-many/detail` takes it (the subset this service sends). */
export type SolapiMessage = {
  to: string;
  from: string;
  text: string;
  /** `ATA`: KakaoTalk AlimTalk; `SMS` up to 90 bytes; `LMS` up to 2,000 bytes. */
  type: 'ATA' | 'SMS' | 'LMS';
  kakaoOptions?: { pfId: string; templateId: string; variables: Record<string, string>; disableSms: boolean };
  /** Comes back with the message: the notification id, the dedupe key of every redelivery. */
  customFields: { notificationId: string };
};

/** What the provider said about one message. `refused` names the provider's code and reason. */
export type SendAnswer =
  { kind: 'accepted'; messageId: string } | { kind: 'refused'; code: string; reason: string } | { kind: 'unavailable'; reason: string };

export interface SolapiSender {
  send(message: SolapiMessage): Promise<SendAnswer>;
}

export const SMS_MAX_BYTES = 90;
export const LMS_MAX_BYTES = 2_000;

/** Bytes in EUC-KR, as Korean carriers count them: a Hangul syllable (any non-ASCII character) is 2. */
export const eucKrBytes = (text: string): number => [...text].reduce((bytes, char) => bytes + (char.charCodeAt(0) < 0x80 ? 1 : 2), 0);

/** The text cut to at most `maxBytes` EUC-KR bytes, on a character boundary. */
export const cutToBytes = (text: string, maxBytes: number): string => {
  let bytes = 0;
  let cut = '';
  for (const char of text) {
    bytes += char.charCodeAt(0) < 0x80 ? 1 : 2;
    if (bytes > maxBytes) return cut;
    cut += char;
  }
  return cut;
};

/** A text message: SMS when it fits 90 bytes, else LMS, cut to LMS's 2,000 bytes. */
export const textMessage = (to: string, from: string, text: string, notificationId: string): SolapiMessage => {
  const fitted = cutToBytes(text, LMS_MAX_BYTES);
  return { to, from, text: fitted, type: eucKrBytes(fitted) <= SMS_MAX_BYTES ? 'SMS' : 'LMS', customFields: { notificationId } };
};

/** Digits only, as the provider wants numbers (010-1234-5678 → 01012345678). */
export const phoneDigits = (phone: string) => phone.replace(/\D/g, '');

/**
 * SOLAPI's API-key authentication: `HMAC-SHA256 apiKey=…, date=…, salt=…, signature=…`, the
 * signature being the hex HMAC-SHA256 of date + salt under the API secret (the SDK signs so too).
 */
export const signature = (apiSecret: string, date: string, salt: string) =>
  createHmac('sha256', apiSecret)
    .update(date + salt)
    .digest('hex');

export const authorizationHeader = (apiKey: string, apiSecret: string, now = new Date()): string => {
  const date = now.toISOString();
  const salt = randomBytes(16).toString('hex');
  return `HMAC-SHA256 apiKey=${apiKey}, date=${date}, salt=${salt}, signature=${signature(apiSecret, date, salt)}`;
};

export const parseAuthorization = (header: string | undefined): Record<'apiKey' | 'date' | 'salt' | 'signature', string> | null => {
  const match = /^HMAC-SHA256 apiKey=([^,]+), date=([^,]+), salt=([^,]+), signature=([0-9a-f]+)$/.exec(header ?? '');
  return match ? { apiKey: match[1]!, date: match[2]!, salt: match[3]!, signature: match[4]! } : null;
};

/** The answer of `send-many/detail` for our one message: accepted, or the provider's refusal. */
export type SendManyResponse = {
  groupInfo?: { count?: { total?: number; registeredFailed?: number } };
  failedMessageList?: readonly { statusCode?: string; statusMessage?: string }[];
  messageList?: readonly { messageId?: string; statusCode?: string }[];
};

export const answerOf = (response: SendManyResponse): SendAnswer => {
  const failed = response.failedMessageList?.[0];
  if (failed) return { kind: 'refused', code: failed.statusCode ?? 'UNKNOWN', reason: failed.statusMessage ?? 'refused' };
  return { kind: 'accepted', messageId: response.messageList?.[0]?.messageId ?? '' };
};
