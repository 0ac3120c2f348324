import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';

/** How encrypted personal fields are kept inside an event's data (the `_personal` member). */
export type PersonalEnvelope = { subject: string; alg: 'A256GCM'; iv: string; tag: string; ct: string };

export const ENVELOPE_FIELD = '_personal';

const IV_BYTES = 12;
const IVS_PER_REFILL = 256;
const ivPool = Buffer.alloc(IV_BYTES * IVS_PER_REFILL);
let nextIv = IVS_PER_REFILL;

/**
 * A fresh random IV, cut from a pool filled from the OS 256 IVs at a time (one `randomBytes` per
 * event was 1 % of a command's CPU in a profile). Each IV is handed out once, and used and
 * encoded before `seal` returns, so the pool may be refilled afterwards.
 */
const freshIv = (): Buffer => {
  if (nextIv === IVS_PER_REFILL) {
    randomFillSync(ivPool);
    nextIv = 0;
  }
  nextIv += 1;
  return ivPool.subarray((nextIv - 1) * IV_BYTES, nextIv * IV_BYTES);
};

/**
 * AES-256-GCM with a fresh 96-bit IV per event. The subject and the event type are authenticated
 * data, so a ciphertext copied into another person's or another kind of event does not decrypt.
 */
export const seal = (key: Buffer, subject: string, type: string, fields: Record<string, unknown>): PersonalEnvelope => {
  const iv = freshIv();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${subject}|${type}`));
  const ct = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
  return { subject, alg: 'A256GCM', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
};

/** The fields sealed in the envelope, or null when this key cannot open it (a wrong or tampered envelope). */
export const open = (key: Buffer, type: string, envelope: PersonalEnvelope): Record<string, unknown> | null => {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(Buffer.from(`${envelope.subject}|${type}`));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as Record<string, unknown>;
  } catch {
    return null;
  }
};

export const isEnvelope = (value: unknown): value is PersonalEnvelope => {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return candidate.alg === 'A256GCM' && ['subject', 'iv', 'tag', 'ct'].every((field) => typeof candidate[field] === 'string');
};
